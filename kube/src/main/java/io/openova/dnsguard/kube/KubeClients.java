package io.openova.dnsguard.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;

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

  private KubeClients() {}

  /** @param requestTimeout per request, lists included ({@link #REQUEST} unless configured) */
  public static KubernetesClient create(Duration requestTimeout) {
    return create(requestTimeout, new KubernetesSerialization());
  }

  /**
   * As {@link #create(Duration)}, binding objects with {@code serialization}. Over TLS the client
   * offers HTTP/2 and watches with plain HTTP requests, so that every list and watch is a stream of
   * one connection, as client-go's are: one TLS handshake at start instead of one per list and per
   * watch (21 for a reconciler watching every kind, each costing both sides CPU). A server that
   * does not offer HTTP/2 gets HTTP/1.1 (ALPN), and a plain-HTTP server (a proxy) HTTP/1.1 and
   * WebSocket watches as before.
   */
  public static KubernetesClient create(Duration requestTimeout, KubernetesSerialization serialization) {
    Config config = new ConfigBuilder(Config.autoConfigure(null))
        .withRequestTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()))
        .withConnectionTimeout((int) CONNECT.toMillis())
        // Over HTTP/1.1 every watch holds a connection: the 7–8 watches (the claiming kinds,
        // Namespaces, Gateways, the policy) must not starve lists, lease renewals, Events and
        // Secret updates of the default 5 connections per host.
        .withMaxConcurrentRequestsPerHost(MAX_CONNECTIONS)
        .withMaxConcurrentRequests(MAX_CONNECTIONS)
        .build();
    boolean tls = config.getMasterUrl().startsWith("https:");
    config.setOnlyHttpWatches(tls);
    return new KubernetesClientBuilder()
        .withHttpClientFactory(tls ? new Http2OverTls() : new Vertx5HttpClientFactory())
        .withKubernetesSerialization(serialization)
        .withConfig(config)
        .build();
  }

  /** fabric8's Vert.x client, offering HTTP/2 in the TLS handshake (it asks for HTTP/1.1 alone otherwise). */
  private static final class Http2OverTls extends Vertx5HttpClientFactory {
    @Override
    protected void additionalConfig(WebClientOptions options, WebSocketClientOptions webSockets, PoolOptions pool) {
      options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true);
    }
  }
}
