package io.openova.dnsguard.reconciler.source;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The ip or hostname of each load balancer ingress entry (Service and Ingress status alike). */
final class LoadBalancerTargets {

  private LoadBalancerTargets() {}

  static <T> List<String> of(@Nullable List<T> ingress, Function<T, @Nullable String> ip,
      Function<T, @Nullable String> hostname) {
    if (ingress == null) {
      return List.of();
    }
    List<String> targets = new ArrayList<>();
    for (T entry : ingress) {
      String address = ip.apply(entry);
      if (address != null && !address.isBlank()) {
        targets.add(address);
      } else {
        String host = hostname.apply(entry);
        if (host != null && !host.isBlank()) {
          targets.add(host);
        }
      }
    }
    return targets;
  }
}
