package io.openova.dnsguard.cli.sandbox;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddressBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRouteStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.claim.EffectiveHostnames;
import io.openova.dnsguard.policies.claim.GatewayView;
import io.openova.dnsguard.policies.claim.RouteSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Gateway controller for the class {@code sandbox} would do, there being none in the sandbox:
 * give every Gateway of the class an address (its {@code sandbox.dnsguard.openova.io/address}
 * annotation, else the next of 192.0.2.100+), accept ListenerSets, and report each route's parents
 * {@code Accepted} or not by the spec's attachment rules ({@link EffectiveHostnames#attaches}) — the
 * status external-dns and dnsguard's reconciler read. A Gateway created after its routes re-reports them.
 */
final class GatewayStandIn {
  static final String CLASS = "sandbox";
  static final String ADDRESS_ANNOTATION = "sandbox.dnsguard.openova.io/address";

  private final KubernetesClient client;
  private final List<HasMetadata> routes = new ArrayList<>();
  private int nextAddress = 100;

  GatewayStandIn(KubernetesClient client) {
    this.client = client;
  }

  /** Plays the controller for an object just created. */
  void created(HasMetadata object) {
    switch (object) {
      case Gateway gateway when CLASS.equals(gateway.getSpec().getGatewayClassName()) -> {
        publishAddress(gateway);
        routes.forEach(this::report);
      }
      case ListenerSet set -> {
        acceptListenerSet(set);
        routes.forEach(this::report);
      }
      case HTTPRoute r -> track(r);
      case GRPCRoute r -> track(r);
      case TLSRoute r -> track(r);
      case TCPRoute r -> track(r);
      case UDPRoute r -> track(r);
      default -> {}
    }
  }

  private void track(HasMetadata route) {
    routes.add(route);
    report(route);
  }

  private void publishAddress(Gateway gateway) {
    Map<String, String> annotations = gateway.getMetadata().getAnnotations();
    String address = annotations != null && annotations.get(ADDRESS_ANNOTATION) != null
        ? annotations.get(ADDRESS_ANNOTATION) : "192.0.2." + nextAddress++;
    gateway.setStatus(new GatewayStatusBuilder()
        .withAddresses(new GatewayStatusAddressBuilder().withType("IPAddress").withValue(address).build()).build());
    client.resource(gateway).updateStatus();
  }

  private void acceptListenerSet(ListenerSet set) {
    set.setStatus(new ListenerSetStatusBuilder()
        .withConditions(accepted(true, "Accepted", set.getMetadata().getGeneration()))
        .withListeners(set.getSpec().getListeners().stream().map(entry -> new ListenerEntryStatusBuilder()
            .withName(entry.getName()).withAttachedRoutes(0)
            .withConditions(accepted(true, "Accepted", set.getMetadata().getGeneration())).build()).toList())
        .build());
    client.resource(set).updateStatus();
  }

  /** Accepted=True for each parent the route attaches to by the spec's rules, False for the others. */
  private void report(HasMetadata route) {
    HasMetadata current = client.resource(route).get();
    RouteSpec spec = RouteSpec.of(current).orElseThrow();
    GatewayView view = view();
    List<RouteParentStatus> parents = spec.parentRefs().stream()
        .map(ref -> {
          boolean attaches = EffectiveHostnames.attaches(spec, ref, view);
          return new RouteParentStatusBuilder().withParentRef(ref)
              .withControllerName(Sandbox.CONTROLLER)
              .withConditions(accepted(attaches, attaches ? "Accepted" : "NotAllowedByListeners",
                  current.getMetadata().getGeneration()))
              .build();
        })
        .toList();
    switch (current) {
      case HTTPRoute r -> r.setStatus(new HTTPRouteStatusBuilder().withParents(parents).build());
      case GRPCRoute r -> r.setStatus(new GRPCRouteStatusBuilder().withParents(parents).build());
      case TLSRoute r -> r.setStatus(new TLSRouteStatusBuilder().withParents(parents).build());
      case TCPRoute r -> r.setStatus(new TCPRouteStatusBuilder().withParents(parents).build());
      case UDPRoute r -> r.setStatus(new UDPRouteStatusBuilder().withParents(parents).build());
      default -> throw new IllegalStateException("not a route: " + current.getKind());
    }
    client.resource(current).updateStatus();
  }

  private static Condition accepted(boolean accepted, String reason, Long generation) {
    return new ConditionBuilder().withType("Accepted").withStatus(accepted ? "True" : "False").withReason(reason)
        .withMessage(accepted ? "accepted by the sandbox's stand-in Gateway controller"
            : "no listener of this parent admits the route")
        .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .withObservedGeneration(generation).build();
  }

  /** The cluster as it is now (the stand-in reads, as a controller's informers would). */
  private GatewayView view() {
    return new GatewayView() {
      @Override
      public Optional<Gateway> gateway(String namespace, String name) {
        return Optional.ofNullable(client.resources(Gateway.class).inNamespace(namespace).withName(name).get());
      }

      @Override
      public Optional<ListenerSet> listenerSet(String namespace, String name) {
        return Optional.ofNullable(client.resources(ListenerSet.class).inNamespace(namespace).withName(name).get());
      }

      @Override
      public Optional<Map<String, String>> namespaceLabels(String namespace) {
        Namespace found = client.namespaces().withName(namespace).get();
        return found == null ? Optional.empty() : Optional.of(found.getMetadata().getLabels() == null
            ? Map.of() : found.getMetadata().getLabels());
      }
    };
  }
}
