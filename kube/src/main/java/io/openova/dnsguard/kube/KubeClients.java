package io.openova.dnsguard.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** The Kubernetes client both halves use: in-cluster or kubeconfig, sized for many watches. */
public final class KubeClients {
  private static final int MAX_CONNECTIONS = 32;

  /** TCP connect and TLS handshake to the API server: a reachable server needs milliseconds. */
  public static final Duration CONNECT = Duration.ofSeconds(5);

  /**
   * One API-server request, lists included; watches are long-lived and re-established by the
   * client, so they are not bounded by it. Generous, because a slow API server must delay us, not
   * fail us (the seed's incident: a CPU-saturated API server and a hard-coded 60 s cache-sync wait).
   */
  public static final Duration REQUEST = Duration.ofMinutes(2);

  /**
   * The longest the API server connection may stay silent before it is taken for dead and closed:
   * three of the bookmarks the API server sends each watch every minute.
   */
  public static final Duration QUIET = Duration.ofMinutes(3);

  private KubeClients() {}

  /** @param requestTimeout per request, lists included ({@link #REQUEST} unless configured) */
  public static KubernetesClient create(Duration requestTimeout) {
    return create(requestTimeout, new KubernetesSerialization());
  }

  /**
   * As {@link #create(Duration)}, binding objects with {@code serialization}. Over TLS the client
   * offers HTTP/2 and watches with plain HTTP requests, so that every list and watch is a stream of
   * one connection: one TLS handshake at start instead of one per list and per watch (21 for a
   * reconciler watching every kind, each costing both sides CPU). A server that does not offer
   * HTTP/2 gets HTTP/1.1 (ALPN); a plain-HTTP server (a proxy), or {@code kubernetes.http2.disable}
   * / {@code KUBERNETES_HTTP2_DISABLE}, HTTP/1.1 and WebSocket watches as before.
   */
  public static KubernetesClient create(Duration requestTimeout, KubernetesSerialization serialization) {
    return create(requestTimeout, serialization, QUIET);
  }

  /**
   * As {@link #create(Duration, KubernetesSerialization)}, an HTTP/2 connection closed after {@code
   * quiet} without a byte read (tests: a dead connection found in seconds).
   */
  public static KubernetesClient create(Duration requestTimeout, KubernetesSerialization serialization, Duration quiet) {
    Config config = new ConfigBuilder(Config.autoConfigure(null))
        .withRequestTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()))
        .withConnectionTimeout((int) CONNECT.toMillis())
        // Over HTTP/1.1 every watch holds a connection: the 7–8 watches (the claiming kinds,
        // Namespaces, Gateways, the policy) must not starve lists, lease renewals, Events and
        // Secret updates of fabric8's default of 5 requests per host.
        .withMaxConcurrentRequestsPerHost(MAX_CONNECTIONS)
        .withMaxConcurrentRequests(MAX_CONNECTIONS)
        .build();
    boolean http2 = config.getMasterUrl().startsWith("https:") && !config.isHttp2Disable();
    config.setOnlyHttpWatches(http2);
    return new KubernetesClientBuilder()
        .withHttpClientFactory(http2 ? new Http2OverTls(quiet) : new Vertx5HttpClientFactory())
        .withKubernetesSerialization(serialization)
        .withConfig(config)
        .build();
  }

  /**
   * The JDK's default client suites (as {@code jdk.tls.client.cipherSuites} and the security provider
   * leave them), ChaCha20-Poly1305 first, the rest in their order. The reconciler runs on C1 alone,
   * where AES-GCM has no intrinsics: decrypting 50,000 names' watch events with it took 273–289 ms of
   * CPU against 61–72 ms with ChaCha20. A Go API server follows a client that lists ChaCha20 first; on
   * C2, and in Go, both run at gigabytes per second. Without a default context: the client's own.
   */
  private static List<String> cipherSuites() {
    try {
      return chaCha20First(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
    } catch (NoSuchAlgorithmException e) {
      return List.of();
    }
  }

  /** {@code suites} with the ChaCha20 ones first, each group in its order. */
  static List<String> chaCha20First(String[] suites) {
    List<String> ordered = new ArrayList<>(suites.length);
    Arrays.stream(suites).filter(suite -> suite.contains("CHACHA20")).forEach(ordered::add);
    Arrays.stream(suites).filter(suite -> !suite.contains("CHACHA20")).forEach(ordered::add);
    return ordered;
  }

  /**
   * fabric8's Vert.x client, offering HTTP/2 in the TLS handshake (it asks for HTTP/1.1 alone
   * otherwise), with a stream window of {@value #STREAM_WINDOW} bytes (client-go's; Vert.x's 64 KiB
   * would hold a large list from a distant API server to 64 KiB a round trip), and the one connection
   * closed once nothing was read on it for {@code quiet}: on a live one the API server sends each
   * watch a bookmark a minute (and a leader renews its lease every few seconds), so a connection that
   * stays silent longer is dead (a NAT or load balancer dropped it without a reset). The watches and
   * requests then go on over a new one. The WebSocket watches this replaces pinged every 30 s.
   */
  private static final class Http2OverTls extends Vertx5HttpClientFactory {
    static final int STREAM_WINDOW = 4 * 1024 * 1024;
    private final Duration quiet;

    Http2OverTls(Duration quiet) {
      this.quiet = quiet;
    }

    @Override
    protected void additionalConfig(WebClientOptions options, WebSocketClientOptions webSockets, PoolOptions pool) {
      cipherSuites().forEach(options::addEnabledCipherSuite);
      options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true)
          .setInitialSettings(new Http2Settings().setInitialWindowSize(STREAM_WINDOW));
      options.setIdleTimeoutUnit(TimeUnit.SECONDS).setReadIdleTimeout(Math.clamp(quiet.toSeconds(), 1, Integer.MAX_VALUE));
    }
  }
}
