package io.openova.dnsguard.reconciler.webhookprovider;

import static io.openova.dnsguard.reconciler.webhookprovider.ProviderApiTest.create;
import static io.openova.dnsguard.reconciler.webhookprovider.ProviderApiTest.record;
import static io.openova.dnsguard.reconciler.webhookprovider.ProviderApiTest.txt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.webserver.WebServer;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import io.openova.dnsguard.certs.x509.CertificateAuthority;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ClientCertificate;
import io.openova.dnsguard.certs.x509.ServingCertificate;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who is asking, by client certificate: {@code dnsguard provider}'s TLS server (as the command
 * builds it, asking for client certificates signed by the clients' CA) in front of a real
 * PowerDNS, a clients file mapping certificate names to owner ids, and certificates issued by the
 * certs module's CA code. external-dns's own webhook client presents no certificate; a proxy or
 * mesh beside it does.
 */
@RealPowerDns
class ProviderClientCertificateTest {
  private static final String ZONE = "mtls.example";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static PowerDnsServer pdns;
  static WebServer server;
  static CertificateAuthority serverCa;
  static CertificateAuthority clientCa;
  static CertificateIssuer issuer = CertificateIssuer.create(Clock.systemUTC());

  @BeforeAll
  static void start(PowerDnsServer powerDns, @TempDir Path dir) throws Exception {
    pdns = powerDns;
    pdns.createZone(ZONE);
    DnsProvider provider = PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())));
    DnsPolicy policy = ProviderApiTest.policy(dir, ZONE);
    Path clientsFile = Files.writeString(dir.resolve("clients.yaml"), """
        clients:
          - name: region-1
            certificateCommonName: region-1
            owners: [region-1]
          - name: region-2
            certificateCommonName: region-2
            owners: [region-2]
        """);
    serverCa = issuer.newAuthority();
    clientCa = issuer.newAuthority();
    ServingCertificate serving = issuer.issue(serverCa,
        ServingIdentity.of("dnsguard-provider", "dnsguard-system").withIpAddresses(List.of("127.0.0.1")));
    TlsMaterial material = new TlsMaterial(serving.privateKey(), List.of(serving.certificate()), List.of(serverCa.certificate()));
    ProviderRoutes routes = new ProviderRoutes(provider, () -> policy, Clients.load(clientsFile), new ProviderMetrics());
    server = ProviderServer.start("127.0.0.1", 0, routes, material, List.of(clientCa.certificate()));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  /** An HTTPS client trusting the server's CA, presenting {@code certificate} when given. */
  static HttpClient client(@Nullable ClientCertificate certificate) throws Exception {
    return client(certificate, false);
  }

  static HttpClient client(@Nullable ClientCertificate certificate, boolean insist) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", serverCa.certificate());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = null;
    if (certificate != null) {
      char[] password = new char[0];
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", certificate.privateKey(), password, new X509Certificate[] {certificate.certificate()});
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    KeyManager[] presented = certificate == null ? null
        : insist ? new KeyManager[] {new Insistent(certificate)} : keyManagers.getKeyManagers();
    context.init(presented, trustManagers.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).build();
  }

  static HttpResponse<String> post(HttpClient client, Changes changes) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/records"))
        .header("Content-Type", WireCodec.MEDIA_TYPE)
        .POST(HttpRequest.BodyPublishers.ofByteArray(WireCodec.write(changes))).build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> rrsets() {
    HttpResponse<String> response = pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null);
    Map<String, String> out = new TreeMap<>();
    for (JsonNode rrset : JSON.readTree(response.body()).path("rrsets")) {
      if (!rrset.path("type").asString().equals("SOA")) {
        out.put(rrset.path("name").asString() + " " + rrset.path("type").asString(), rrset.toString());
      }
    }
    return out;
  }

  @Test
  void certificateOfRegion1_writesAsRegion1() throws Exception {
    HttpClient region1 = client(issuer.issueClient(clientCa, "region-1"));

    HttpResponse<String> response = post(region1, create(record("r1." + ZONE, "A", "region-1", "192.0.2.1"),
        txt("r1." + ZONE, "A", "region-1")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    assertThat(rrsets().get("r1." + ZONE + ". A")).contains("192.0.2.1");
    assertThat(rrsets().get("_externaldns.a-r1." + ZONE + ". TXT")).contains("external-dns/owner=region-1");
  }

  @Test
  void certificateOfRegion1_writingAsRegion2_isForbidden_andNothingIsWritten() throws Exception {
    HttpClient region1 = client(issuer.issueClient(clientCa, "region-1"));
    Map<String, String> before = rrsets();

    HttpResponse<String> response = post(region1, create(record("r2." + ZONE, "A", "region-2", "192.0.2.2"),
        txt("r2." + ZONE, "A", "region-2")));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(response.body()).path("refused").valueStream())
        .isNotEmpty()
        .allSatisfy(r -> {
          assertThat(r.path("reason").asString()).isEqualTo("owner_not_allowed");
          assertThat(r.path("message").asString()).isEqualTo("client region-1 may not write as external-dns owner \"region-2\"");
        });
    assertThat(rrsets()).isEqualTo(before);
  }

  @Test
  void noCertificate_orOneNamingNoClient_isUnauthorized() throws Exception {
    Changes changes = create(record("anon." + ZONE, "A", "region-1", "192.0.2.3"), txt("anon." + ZONE, "A", "region-1"));
    Map<String, String> before = rrsets();

    HttpResponse<String> none = post(client(null), changes);
    HttpResponse<String> unknownName = post(client(issuer.issueClient(clientCa, "region-9")), changes);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("credentials needed");
    assertThat(unknownName.statusCode()).isEqualTo(401);
    assertThat(rrsets()).isEqualTo(before);
  }

  @Test
  void certificateOfAnotherCa_isNotOffered_orRefusedInTheHandshake() throws Exception {
    // right name, another CA (named otherwise: issued an hour earlier): the server asks for certificates of the
    // clients' CA only, so a JDK client offers none and is unauthorized; one that offers it anyway fails the handshake
    ClientCertificate impostor = issuer.issueClient(
        CertificateIssuer.create(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))).newAuthority(), "region-1");
    Changes changes = create(record("fake." + ZONE, "A", "region-1", "192.0.2.4"), txt("fake." + ZONE, "A", "region-1"));
    Map<String, String> before = rrsets();

    assertThat(post(client(impostor), changes).statusCode()).isEqualTo(401);
    assertThatThrownBy(() -> post(client(impostor, true), changes)).isInstanceOf(IOException.class);
    assertThat(rrsets()).isEqualTo(before);
  }

  @Test
  void certificateOfACaNamedLikeTheClientsCa_isRefusedInTheHandshake() throws Exception {
    // a CA with the very name of the clients' CA (same issue second): the client offers its certificate, the
    // server checks the signature, not the name
    Instant issued = clientCa.certificate().getNotBefore().toInstant().plus(CertificateIssuer.BACKDATE);
    CertificateAuthority twin = CertificateIssuer.create(Clock.fixed(issued, ZoneOffset.UTC)).newAuthority();
    assertThat(twin.certificate().getSubjectX500Principal()).isEqualTo(clientCa.certificate().getSubjectX500Principal());
    Map<String, String> before = rrsets();

    assertThatThrownBy(() -> post(client(issuer.issueClient(twin, "region-1")), create(
        record("twin." + ZONE, "A", "region-1", "192.0.2.5"), txt("twin." + ZONE, "A", "region-1"))))
        .isInstanceOf(IOException.class);
    assertThat(rrsets()).isEqualTo(before);
  }

  /** Presents its one certificate whatever the server asks for, as a careless client would. */
  private static final class Insistent extends X509ExtendedKeyManager {
    private final ClientCertificate certificate;

    Insistent(ClientCertificate certificate) {
      this.certificate = certificate;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return "client";
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "client";
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return new X509Certificate[] {certificate.certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return certificate.privateKey();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"client"};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
