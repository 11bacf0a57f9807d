package io.openova.dnsguard.reconciler.source;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.openova.dnsguard.policies.claim.ExternalDnsAnnotations;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A route's targets, as external-dns's gateway sources find them: for every parent in the route's
 * {@code status.parents} that is a Gateway and has accepted the route ({@code Accepted=True}), that
 * Gateway's {@code target} annotation if set, else its {@code status.addresses}. A route no Gateway
 * accepted publishes nothing: a route cannot borrow a Gateway that refuses it.
 */
final class RouteTargets {

  private static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

  private RouteTargets() {}

  static List<String> of(String routeNamespace, @Nullable List<RouteParentStatus> parents,
      EndpointSource.Gateways gateways) {
    if (parents == null) {
      return List.of();
    }
    Set<String> targets = new LinkedHashSet<>();
    for (RouteParentStatus parent : parents) {
      ParentReference ref = parent.getParentRef();
      if (ref == null || ref.getName() == null || !isGateway(ref) || !accepted(parent.getConditions())) {
        continue;
      }
      String namespace = ref.getNamespace() == null || ref.getNamespace().isBlank() ? routeNamespace : ref.getNamespace();
      gateways.find(namespace, ref.getName()).ifPresent(gateway -> targets.addAll(targetsOf(gateway)));
    }
    return new ArrayList<>(targets);
  }

  private static boolean isGateway(ParentReference ref) {
    String group = ref.getGroup() == null ? GATEWAY_GROUP : ref.getGroup();
    String kind = ref.getKind() == null ? "Gateway" : ref.getKind();
    return GATEWAY_GROUP.equals(group) && "Gateway".equals(kind);
  }

  private static boolean accepted(@Nullable List<Condition> conditions) {
    return conditions != null
        && conditions.stream().anyMatch(c -> "Accepted".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<String> targetsOf(Gateway gateway) {
    Map<String, String> annotations = gateway.getMetadata().getAnnotations() == null
        ? Map.of() : gateway.getMetadata().getAnnotations();
    Optional<List<String>> override = ExternalDnsAnnotations.targets(annotations);
    if (override.isPresent()) {
      return override.get();
    }
    if (gateway.getStatus() == null || gateway.getStatus().getAddresses() == null) {
      return List.of();
    }
    return gateway.getStatus().getAddresses().stream()
        .map(GatewayStatusAddress::getValue)
        .filter(value -> value != null && !value.isBlank())
        .toList();
  }
}
