package io.openova.dnsguard.kube.ops;

import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Plain HTTP for the kubelet and Prometheus: {@code /healthz} (liveness: the process answers),
 * {@code /readyz}, {@code /startupz} (from {@link HealthState}, with the reason as body) and
 * {@code /metrics}.
 */
public final class OpsServer implements AutoCloseable {
  private final WebServer server;

  private OpsServer(WebServer server) {
    this.server = server;
  }

  public static OpsServer start(String host, int port, HealthState health, Supplier<String> metrics) {
    return new OpsServer(WebServer.builder()
        .host(host)
        .port(port)
        .routing(routing -> routing(routing, health, metrics))
        .shutdownGracePeriod(Duration.ofSeconds(2))
        .shutdownHook(false)
        .build()
        .start());
  }

  /** The routes, for tests that build the same routing. */
  public static void routing(HttpRouting.Builder routing, HealthState health, Supplier<String> metrics) {
    routing
        .get("/healthz", (req, res) -> res.send("ok"))
        .get("/startupz", (req, res) -> probe(res, health.started(), health.reason()))
        .get("/readyz", (req, res) -> probe(res, health.ready(), health.reason()))
        .get("/metrics", (req, res) -> res
            .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .send(metrics.get()));
  }

  private static void probe(ServerResponse res, boolean ok, String reason) {
    res.status(ok ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503).send(reason);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
  }
}
