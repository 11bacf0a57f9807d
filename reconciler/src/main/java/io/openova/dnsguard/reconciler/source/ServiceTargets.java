package io.openova.dnsguard.reconciler.source;

import io.fabric8.kubernetes.api.model.Service;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ExternalDnsAnnotations;
import java.util.List;

/**
 * A Service's targets as external-dns's service source reads them: names from {@code
 * internal-hostname} point at the ClusterIPs; others at the load balancer (type LoadBalancer) or the
 * external name (type ExternalName). Other types publish nothing without a {@code target}.
 */
final class ServiceTargets {

  private ServiceTargets() {}

  static List<String> of(Service service, Claim claim) {
    if (service.getSpec() == null) {
      return List.of();
    }
    if (claim.source().field().endsWith("/" + ExternalDnsAnnotations.INTERNAL_HOSTNAME)) {
      List<String> ips = service.getSpec().getClusterIPs() != null && !service.getSpec().getClusterIPs().isEmpty()
          ? service.getSpec().getClusterIPs()
          : service.getSpec().getClusterIP() == null ? List.of() : List.of(service.getSpec().getClusterIP());
      return ips.stream().filter(ip -> !"None".equals(ip)).toList();
    }
    String type = service.getSpec().getType() == null ? "ClusterIP" : service.getSpec().getType();
    return switch (type) {
      case "LoadBalancer" -> service.getStatus() == null || service.getStatus().getLoadBalancer() == null
          ? List.of()
          : LoadBalancerTargets.of(service.getStatus().getLoadBalancer().getIngress(), i -> i.getIp(), i -> i.getHostname());
      case "ExternalName" -> service.getSpec().getExternalName() == null
          ? List.of() : List.of(service.getSpec().getExternalName());
      default -> List.of();
    };
  }
}
