package io.openova.dnsguard.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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

  /** As {@link #create(Duration)}, binding objects with {@code serialization}. */
  public static KubernetesClient create(Duration requestTimeout, KubernetesSerialization serialization) {
    return new KubernetesClientBuilder()
        .withKubernetesSerialization(serialization)
        .withConfig(new ConfigBuilder(Config.autoConfigure(null))
            .withRequestTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()))
            .withConnectionTimeout((int) CONNECT.toMillis())
            // Over HTTP/1.1 every watch holds a connection: the 7–8 watches (the claiming kinds,
            // Namespaces, Gateways, the policy) must not starve lists, lease renewals, Events and
            // Secret updates of the default 5 connections per host.
            .withMaxConcurrentRequestsPerHost(MAX_CONNECTIONS)
            .withMaxConcurrentRequests(MAX_CONNECTIONS)
            .build())
        .build();
  }
}
