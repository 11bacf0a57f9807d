package io.openova.dnsguard.certs.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JDK TLS server on 127.0.0.1 serving the issued pair; clients trust only the CA. */
class TlsHandshakeTest {
  private static final TlsMaterial MATERIAL =
      TlsMaterial.of(
          CertificateIssuer.create(Clock.systemUTC())
              .issueAll(
                  ServingIdentity.of("dnsguard-webhook", "dnsguard-system")
                      .withDnsNames(List.of("localhost"))
                      .withIpAddresses(List.of("127.0.0.1"))));

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private SSLServerSocket server;

  @BeforeEach
  void startServer() throws IOException {
    server =
        (SSLServerSocket)
            MATERIAL.sslContext().getServerSocketFactory().createServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
    server.setEnabledProtocols(TlsMaterial.PROTOCOLS.toArray(String[]::new));
    server.setSoTimeout(5_000);
    executor.submit(this::serve);
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
    executor.shutdownNow();
  }

  /** Answers each connection with one byte after the handshake. */
  private Void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        out.write(42);
        out.flush();
      } catch (IOException e) {
        // Failed handshakes and the closing server end up here.
      }
    }
    return null;
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost"})
  void handshake_clientTrustingOnlyCa_verifiesHostname(String host) throws Exception {
    try (SSLSocket socket = connect(MATERIAL.clientContext(), host, "TLSv1.3")) {
      assertThat(socket.getInputStream().read()).isEqualTo(42);
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(MATERIAL.leaf());
    }
  }

  @Test
  void handshake_tls12Client_isAccepted() throws Exception {
    try (SSLSocket socket = connect(MATERIAL.clientContext(), "127.0.0.1", "TLSv1.2")) {
      assertThat(socket.getInputStream().read()).isEqualTo(42);
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
    }
  }

  @Test
  void serverProtocols_areTls12AndNewerOnly() {
    assertThat(server.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
  }

  @Test
  void handshake_hostnameNotInSans_fails() {
    assertThatThrownBy(() -> readOne(connect(MATERIAL.clientContext(), "webhook.example.com", "TLSv1.3")))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void handshake_clientTrustingAnotherCa_fails() {
    TlsMaterial other =
        TlsMaterial.of(CertificateIssuer.create(Clock.systemUTC()).issueAll(ServingIdentity.of("x", "y")));

    assertThatThrownBy(() -> readOne(connect(other.clientContext(), "127.0.0.1", "TLSv1.3")))
        .isInstanceOf(SSLHandshakeException.class);
  }

  private SSLSocket connect(SSLContext context, String host, String protocol) throws IOException {
    Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort());
    plain.setSoTimeout(5_000);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, server.getLocalPort(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setProtocols(new String[] {protocol});
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  private static int readOne(SSLSocket socket) throws IOException {
    try (socket; InputStream in = socket.getInputStream()) {
      return in.read();
    }
  }
}
