package io.openova.dnsguard.reconciler.watch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.openova.dnsguard.reconciler.provider.support.Timeouts;
import java.time.Duration;

/** The Kubernetes client both halves use: in-cluster or kubeconfig, sized for many watches. */
public final class KubeClients {
  private static final int MAX_CONNECTIONS = 32;

  private KubeClients() {}

  /** @param requestTimeout per request, lists included ({@link Timeouts#KUBE_REQUEST} unless configured) */
  public static KubernetesClient create(Duration requestTimeout) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(Config.autoConfigure(null))
            .withRequestTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()))
            .withConnectionTimeout((int) Timeouts.CONNECT.toMillis())
            // Over HTTP/1.1 every watch holds a connection: the 7–8 watches (the claiming kinds,
            // Namespaces, Gateways, the policy) must not starve lists, lease renewals, Events and
            // Secret updates of the default 5 connections per host.
            .withMaxConcurrentRequestsPerHost(MAX_CONNECTIONS)
            .withMaxConcurrentRequests(MAX_CONNECTIONS)
            .build())
        .build();
  }
}
