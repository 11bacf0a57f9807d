package io.openova.dnsguard.webhook;

import io.helidon.common.mapper.MapperManager;
import io.helidon.http.DirectHandler;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.openova.dnsguard.certs.tls.CertificateSource;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.webhook.tls.CertificateReloader;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The running webhook: admission over TLS on the default socket, probes and metrics in plain HTTP
 * on the {@code http} socket (kubelet probes and Prometheus scrapes need no certificate).
 */
public final class WebhookServer implements AutoCloseable {
  /** How long a stop waits for reviews in flight; the API server's own timeout is at most 30 s. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  static {
    // Helidon 4.4 looks the global MapperManager up in its service registry on every header
    // conversion (Content-Length of every request) unless one is set: a measured ~25% of CPU.
    MapperManager.global(MapperManager.create());
  }

  private final WebServer server;

  private WebhookServer(WebServer server) {
    this.server = server;
  }

  /**
   * Starts serving.
   *
   * @param host the address to bind, {@code 0.0.0.0} in a pod, {@code 127.0.0.1} locally
   * @param tlsPort the admission port (0 picks a free one)
   * @param httpPort the probes/metrics port (0 picks a free one)
   */
  public static WebhookServer start(String host, int tlsPort, int httpPort, CertificateSource certificates,
      Reviewer reviewer, HealthState health, WebhookMetrics metrics) {
    return start(host, tlsPort, httpPort, certificates, reviewer, routing -> {}, health, metrics);
  }

  /** As above, with {@code more} routes on the TLS port (leader mode's {@code /claims}). */
  static WebhookServer start(String host, int tlsPort, int httpPort, CertificateSource certificates,
      Reviewer reviewer, Consumer<HttpRouting.Builder> more, HealthState health, WebhookMetrics metrics) {
    WebServer server = WebServer.builder()
        .host(host)
        .port(tlsPort)
        .tls(CertificateReloader.tls(certificates.current()))
        // HTTP/1.0 is the client's problem, not the server's: 400, not Helidon's 505 (the API server speaks 1.1).
        .directHandlers(handlers -> handlers.addHandler(DirectHandler.EventType.HTTP_VERSION_NOT_SUPPORTED,
            (request, event, status, headers, message) -> DirectHandler.TransportResponse.builder()
                .status(Status.BAD_REQUEST_400).headers(headers).keepAlive(false)
                .entity("bad request: HTTP version not supported, use HTTP/1.1").build()))
        .routing(routing -> {
          AdmissionRoutes.admission(routing, reviewer, metrics);
          more.accept(routing);
        })
        .putSocket("http", socket -> socket.host(host).port(httpPort))
        .routing("http", routing -> AdmissionRoutes.operations(routing, health, metrics))
        .shutdownGracePeriod(SHUTDOWN_GRACE)
        .shutdownHook(false)
        .build()
        .start();
    CertificateReloader.attach(certificates, server);
    return new WebhookServer(server);
  }

  public int tlsPort() {
    return server.port();
  }

  public int httpPort() {
    return server.port("http");
  }

  /** Stops accepting, lets reviews in flight finish (up to {@link #SHUTDOWN_GRACE}), then stops. */
  @Override
  public void close() {
    server.stop();
  }
}
