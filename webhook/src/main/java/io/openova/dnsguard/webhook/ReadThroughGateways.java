package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.policies.claim.GatewayView;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The informer caches of Gateways, ListenerSets and Namespaces, read through to the API server on a
 * miss: a Gateway created a moment before its route (one {@code kubectl apply} of both) may not be
 * in the cache yet when the route is reviewed, and a route must not lose the names it inherits for
 * that. A hit costs nothing; a miss one GET (a route naming a parent that does not exist pays it on
 * every review). A failed GET counts as a miss.
 */
final class ReadThroughGateways implements GatewayView {
  private static final Logger LOG = Logger.getLogger(ReadThroughGateways.class.getName());

  private final GatewayView cache;
  private final KubernetesClient client;

  ReadThroughGateways(GatewayView cache, KubernetesClient client) {
    this.cache = cache;
    this.client = client;
  }

  @Override
  public Optional<Gateway> gateway(String namespace, String name) {
    return cache.gateway(namespace, name)
        .or(() -> live("Gateway " + namespace + "/" + name,
            () -> client.resources(Gateway.class).inNamespace(namespace).withName(name).get()));
  }

  @Override
  public Optional<ListenerSet> listenerSet(String namespace, String name) {
    return cache.listenerSet(namespace, name)
        .or(() -> live("ListenerSet " + namespace + "/" + name,
            () -> client.resources(ListenerSet.class).inNamespace(namespace).withName(name).get()));
  }

  @Override
  public Optional<Map<String, String>> namespaceLabels(String namespace) {
    return cache.namespaceLabels(namespace).or(() -> live("Namespace " + namespace,
        () -> client.namespaces().withName(namespace).get())
        .map(Namespace::getMetadata).map(meta -> meta.getLabels() == null ? Map.of() : meta.getLabels()));
  }

  private static <T> Optional<T> live(String what, Supplier<T> get) {
    try {
      return Optional.ofNullable(get.get());
    } catch (KubernetesClientException e) {
      LOG.fine(() -> "cannot read " + what + " from the API server: " + e.getMessage());
      return Optional.empty();
    }
  }
}
