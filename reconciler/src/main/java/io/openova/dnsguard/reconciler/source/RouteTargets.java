package io.openova.dnsguard.reconciler.source;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.EffectiveHostnames;
import io.openova.dnsguard.policies.claim.EffectiveHostnames.EffectiveName;
import io.openova.dnsguard.policies.claim.ExternalDnsAnnotations;
import io.openova.dnsguard.policies.claim.RouteSpec;
import io.openova.dnsguard.policies.name.Hostname;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A route name's targets, as external-dns's gateway sources find them: for every listener the name
 * comes through ({@link EffectiveHostnames}, parents that accepted the route), the {@code target}
 * annotation of its ListenerSet, else of its Gateway, else the Gateway's {@code status.addresses};
 * merged, sorted and without duplicates. A route no Gateway accepted publishes nothing.
 */
final class RouteTargets {

  private RouteTargets() {}

  static List<String> of(RouteSpec route, Hostname name, Attachment attachment) {
    TreeSet<String> targets = new TreeSet<>();
    for (EffectiveName effective : EffectiveHostnames.of(route, attachment)) {
      if (effective.hostname().equals(name) && effective.gateway() != null) {
        targets.addAll(targetsOf(effective.gateway(), effective.listenerSet() == null
            ? Map.of() : annotations(effective.listenerSet().getMetadata().getAnnotations())));
      }
    }
    return new ArrayList<>(targets);
  }

  private static List<String> targetsOf(Gateway gateway, Map<String, String> listenerSetAnnotations) {
    Optional<List<String>> override = ExternalDnsAnnotations.targets(listenerSetAnnotations)
        .or(() -> ExternalDnsAnnotations.targets(annotations(gateway.getMetadata().getAnnotations())));
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

  private static Map<String, String> annotations(@Nullable Map<String, String> annotations) {
    return annotations == null ? Map.of() : annotations;
  }
}
