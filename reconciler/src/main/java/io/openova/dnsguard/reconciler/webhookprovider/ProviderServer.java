package io.openova.dnsguard.reconciler.webhookprovider;

import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.webserver.WebServer;
import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.certs.tls.CertificateSource;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.kube.ops.OpsServer;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.kube.KubeClients;
import io.openova.dnsguard.kube.PolicySource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * external-dns's webhook provider protocol served in front of a dnsguard provider, started from
 * {@code dnsguard provider}'s parsed options (the command itself is in the cli module), checking
 * every change against the TXT registry and the policy. Wiring only.
 *
 * <p>On loopback (the sidecar pattern: external-dns and dnsguard in one pod) the pod is the trust
 * boundary and plain HTTP is served. Anywhere else TLS and a clients file are required: each
 * client authenticates (bearer token, Basic password, or a client certificate) and may write only
 * as the owner ids the file gives it.
 */
public final class ProviderServer {
  private static final Logger LOG = Logger.getLogger(ProviderServer.class.getName());

  /** As newer external-dns releases cap webhook bodies. */
  static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

  /** The options {@link #run} reads, the provider's included. */
  public static final Set<String> OPTIONS = Stream.concat(Stream.of("--policy-file", "--policy-name", "--bind",
      "--port", "--http-bind", "--http-port", "--tls-cert-file", "--tls-key-file", "--client-ca-file", "--clients",
      "--kube-request-timeout"), ProviderOptions.OPTIONS.stream()).collect(Collectors.toUnmodifiableSet());
  /** The options without a value. */
  public static final Set<String> FLAGS = Stream.concat(Stream.of("--no-warm-up"), ProviderOptions.FLAGS.stream())
      .collect(Collectors.toUnmodifiableSet());

  private ProviderServer() {}

  /**
   * Serves until the process is asked to stop. Bad options throw {@link UsageException} (or
   * {@link IllegalArgumentException}) before anything starts.
   */
  public static void run(Arguments arguments) throws PolicyException, InterruptedException {
    if (arguments.optional("--policy-file").isPresent() == arguments.optional("--policy-name").isPresent()) {
      throw new UsageException("give exactly one of --policy-file and --policy-name");
    }
    DnsProvider provider = ProviderOptions.from(arguments, System.getenv())
        .orElseThrow(() -> new UsageException("a DNS provider is needed: --provider powerdns ..."));
    String bind = arguments.optional("--bind").orElse("127.0.0.1");
    boolean loopback = isLoopback(bind);
    @Nullable Clients clients = arguments.optional("--clients").map(f -> Clients.load(Path.of(f))).orElse(null);
    @Nullable CertificateSource certificates = null;
    if (arguments.optional("--tls-cert-file").isPresent() || arguments.optional("--tls-key-file").isPresent()) {
      certificates = CertificateSource.files(Path.of(arguments.required("--tls-cert-file")),
          Path.of(arguments.required("--tls-key-file")), null);
    }
    if (!loopback && (certificates == null || clients == null)) {
      throw new UsageException("--bind " + bind + " is not loopback: give --tls-cert-file, --tls-key-file and --clients"
          + " (other clients must prove who they are and which owner ids they write as)");
    }
    List<X509Certificate> clientCas = arguments.optional("--client-ca-file").map(ProviderServer::certificates).orElse(List.of());
    PolicySource policy = arguments.optional("--policy-file").isPresent()
        ? PolicySource.file(Path.of(arguments.required("--policy-file")))
        : PolicySource.cluster(KubeClients.create(arguments.duration("--kube-request-timeout", Duration.ofMinutes(2))),
            arguments.required("--policy-name"));

    ProviderMetrics metrics = new ProviderMetrics();
    HealthState health = new HealthState();
    ProviderRoutes routes = new ProviderRoutes(provider, () -> policy.get().policy(), clients, metrics);
    WebServer server = start(bind, arguments.integer("--port", 8888, 0, 65535), routes,
        certificates == null ? null : certificates.current(), clientCas);
    @Nullable CertificateSource watched = certificates;
    if (watched != null) {
      watched.onChange(material -> server.reloadTls(tls(material, clientCas)));
      watched.start(Duration.ofMinutes(1));
    }
    OpsServer ops = OpsServer.start(arguments.optional("--http-bind").orElse("0.0.0.0"),
        arguments.integer("--http-port", 8080, 0, 65535), health, metrics::scrape);
    awaitPolicy(policy, health);
    if (!arguments.flag("--no-warm-up")) {
      health.markNotReady("warming up");
      WarmUp.run(policy.get().policy(), provider, routes::synced);
      try {
        routes.listAhead();
      } catch (ProviderException e) {
        LOG.warning(() -> "could not list the zones ahead of the first sync (it will list them): " + e.getMessage());
      }
    }
    health.markReady();
    LOG.info(() -> "serving external-dns's webhook provider protocol on " + (watched == null ? "http" : "https") + "://"
        + bind + ":" + server.port() + " in front of " + provider.name() + "; probes and metrics on port " + ops.port()
        + (clients == null ? "; loopback: every owner id" : "; clients from " + arguments.required("--clients")));

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      health.markNotReady("shutting down");
      server.stop();
      ops.close();
      if (watched != null) {
        watched.close();
      }
      policy.close();
      stopped.countDown();
    }, "dnsguard-provider-shutdown"));
    stopped.await();
  }

  private static void awaitPolicy(PolicySource policy, HealthState health) throws InterruptedException {
    while (policy.missing().isPresent()) {
      health.markNotReady("no policy yet: " + policy.missing().get());
      Thread.sleep(500);
    }
  }

  /** The protocol's server: plain HTTP without {@code material}, else TLS asking for client certificates signed by {@code clientCas}. */
  static WebServer start(String bind, int port, ProviderRoutes routes, @Nullable TlsMaterial material,
      List<X509Certificate> clientCas) {
    var builder = WebServer.builder()
        .host(bind)
        .port(port)
        .maxPayloadSize(MAX_BODY_BYTES)
        .routing(routes::register)
        .shutdownGracePeriod(Duration.ofSeconds(10))
        .shutdownHook(false);
    if (material != null) {
      builder.tls(tls(material, clientCas));
    }
    return builder.build().start();
  }

  static Tls tls(TlsMaterial material, List<X509Certificate> clientCas) {
    var tls = Tls.builder()
        .privateKey(material.privateKey())
        .privateKeyCertChain(material.chain())
        .enabledProtocols(TlsMaterial.PROTOCOLS);
    if (!clientCas.isEmpty()) {
      tls.trust(clientCas).clientAuth(TlsClientAuth.OPTIONAL);
    }
    return tls.build();
  }

  private static List<X509Certificate> certificates(String file) {
    try {
      return PemCodec.decodeCertificates(Files.readString(Path.of(file)), file);
    } catch (IOException e) {
      throw new UsageException("cannot read --client-ca-file " + file + ": " + e.getMessage());
    }
  }

  static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UsageException("--bind " + bind + ": unknown address");
    }
  }
}
