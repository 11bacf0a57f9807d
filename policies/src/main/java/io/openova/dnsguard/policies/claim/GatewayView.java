package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import java.util.Map;
import java.util.Optional;

/**
 * The Gateways, ListenerSets and Namespace labels a route's attachment is computed against: the
 * informer caches in the webhook and the reconciler, a map in tests.
 */
public interface GatewayView {

  Optional<Gateway> gateway(String namespace, String name);

  Optional<ListenerSet> listenerSet(String namespace, String name);

  /** The labels of {@code namespace}; empty when the namespace is not known (a selector then admits nothing). */
  Optional<Map<String, String>> namespaceLabels(String namespace);

  /** Knows no Gateway: every route attaches nowhere. */
  GatewayView NONE = new GatewayView() {
    @Override
    public Optional<Gateway> gateway(String namespace, String name) {
      return Optional.empty();
    }

    @Override
    public Optional<ListenerSet> listenerSet(String namespace, String name) {
      return Optional.empty();
    }

    @Override
    public Optional<Map<String, String>> namespaceLabels(String namespace) {
      return Optional.empty();
    }
  };

  /** This view with {@code replacement} (a Gateway or ListenerSet being admitted) in place of the cached one. */
  default GatewayView with(io.fabric8.kubernetes.api.model.HasMetadata replacement) {
    GatewayView base = this;
    String ns = replacement.getMetadata().getNamespace();
    String name = replacement.getMetadata().getName();
    return new GatewayView() {
      @Override
      public Optional<Gateway> gateway(String namespace, String gatewayName) {
        return replacement instanceof Gateway gateway && ns.equals(namespace) && name.equals(gatewayName)
            ? Optional.of(gateway) : base.gateway(namespace, gatewayName);
      }

      @Override
      public Optional<ListenerSet> listenerSet(String namespace, String setName) {
        return replacement instanceof ListenerSet set && ns.equals(namespace) && name.equals(setName)
            ? Optional.of(set) : base.listenerSet(namespace, setName);
      }

      @Override
      public Optional<Map<String, String>> namespaceLabels(String namespace) {
        return base.namespaceLabels(namespace);
      }
    };
  }
}
