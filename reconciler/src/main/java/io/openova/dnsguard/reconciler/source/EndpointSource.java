package io.openova.dnsguard.reconciler.source;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ExternalDnsAnnotations;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.plan.Desired;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record sets one source object asks for, as external-dns would publish them:
 *
 * <ul>
 *   <li>names: the object's claims (exactly what the policy checked);
 *   <li>targets: the {@code target} annotation when set (either prefix, the new one wins); else
 *       HTTPRoute/GRPCRoute — the {@code status.addresses} of each parent Gateway that accepted the
 *       route (or that Gateway's own {@code target} annotation); Service — {@code
 *       status.loadBalancer.ingress} (ip or hostname) for type LoadBalancer, {@code spec.externalName}
 *       for ExternalName, the ClusterIPs for names from {@code internal-hostname}; Ingress — {@code
 *       status.loadBalancer.ingress}; DNSEndpoint — each endpoint's own targets;
 *   <li>types: IPv4 → A, IPv6 → AAAA, hostname → CNAME (one CNAME target; IPs win over hostnames);
 *   <li>TTL: the {@code ttl} annotation (DNSEndpoint: {@code recordTTL}), else {@link #DEFAULT_TTL}.
 * </ul>
 *
 * An object without targets yet (a Gateway not programmed, a load balancer pending) asks for
 * nothing. Stateless apart from the Gateway lookup; safe to share between threads.
 */
public final class EndpointSource {

  /** The TTL when none is configured: external-dns's PowerDNS default. */
  public static final long DEFAULT_TTL = 300;

  /** Finds a Gateway by namespace and name (from the informer cache). */
  @FunctionalInterface
  public interface Gateways {
    Optional<Gateway> find(String namespace, String name);

    Gateways NONE = (namespace, name) -> Optional.empty();
  }

  private final Gateways gateways;

  public EndpointSource(Gateways gateways) {
    this.gateways = gateways;
  }

  /** The external-dns resource string of an object: {@code httproute/team-a/api}. */
  public static String resource(ObjectRef ref) {
    return ref.kind().registryName() + "/" + ref.namespace() + "/" + ref.name();
  }

  /** The desired record sets of {@code object}, whose claims are {@code extraction}. */
  public List<Desired> endpoints(HasMetadata object, Extraction extraction) {
    String resource = resource(extraction.object());
    Map<String, String> annotations = object.getMetadata() == null || object.getMetadata().getAnnotations() == null
        ? Map.of() : object.getMetadata().getAnnotations();
    if (object instanceof GenericKubernetesResource endpoint) {
      return DnsEndpoints.desired(endpoint, extraction, resource);
    }
    long annotatedTtl = ExternalDnsAnnotations.ttlSeconds(annotations).orElse(0);
    long ttl = annotatedTtl > 0 ? annotatedTtl : DEFAULT_TTL;
    Optional<List<String>> override = ExternalDnsAnnotations.targets(annotations);
    Map<String, String> properties = ExternalDnsAnnotations.providerProperties(annotations);
    List<Desired> desired = new ArrayList<>();
    for (Claim claim : extraction.claims()) {
      List<String> targets = override.orElseGet(() -> statusTargets(object, claim));
      desired.addAll(Targets.recordSets(claim.hostname(), targets, ttl, properties, resource));
    }
    return desired;
  }

  private List<String> statusTargets(HasMetadata object, Claim claim) {
    return switch (object) {
      case HTTPRoute route -> RouteTargets.of(route.getMetadata().getNamespace(),
          route.getStatus() == null ? null : route.getStatus().getParents(), gateways);
      case GRPCRoute route -> RouteTargets.of(route.getMetadata().getNamespace(),
          route.getStatus() == null ? null : route.getStatus().getParents(), gateways);
      case Service service -> ServiceTargets.of(service, claim);
      case Ingress ingress -> ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
          ? List.of()
          : LoadBalancerTargets.of(ingress.getStatus().getLoadBalancer().getIngress(), i -> i.getIp(), i -> i.getHostname());
      default -> List.of();
    };
  }
}
