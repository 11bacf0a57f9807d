package io.openova.dnsguard.reconciler.source;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ExternalDnsAnnotations;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.RouteSpec;
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
 *       Gateway API routes — per name, the {@code status.addresses} of each Gateway it comes through
 *       (parents that accepted the route; the ListenerSet's or Gateway's own {@code target}
 *       annotation first); Service — {@code
 *       status.loadBalancer.ingress} (ip or hostname) for type LoadBalancer, {@code spec.externalName}
 *       for ExternalName, the ClusterIPs for names from {@code internal-hostname}; Ingress — {@code
 *       status.loadBalancer.ingress}; DNSEndpoint — each endpoint's own targets;
 *   <li>types: IPv4 → A, IPv6 → AAAA, hostname → CNAME (one CNAME target; IPs win over hostnames);
 *   <li>TTL: the {@code ttl} annotation (DNSEndpoint: {@code recordTTL}), else {@link #DEFAULT_TTL}.
 * </ul>
 *
 * An object without targets yet (a Gateway not programmed, a load balancer pending) asks for
 * nothing. A route's own {@code target} annotation also counts (external-dns's gateway sources
 * ignore it: a dnsguard extension the differential test names). Stateless apart from the Gateway
 * lookup; safe to share between threads.
 */
public final class EndpointSource {

  /** The TTL when none is configured: external-dns's PowerDNS default. */
  public static final long DEFAULT_TTL = 300;

  private final Attachment attachment;

  /** @param attachment how routes attach: {@link Attachment#accepted} over the informers' Gateways */
  public EndpointSource(Attachment attachment) {
    this.attachment = attachment;
  }

  /** How routes attach, as their claims were read: the loop's decisions use the same. */
  public Attachment attachment() {
    return attachment;
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
    // Read once: every name looks its Gateways up in it.
    Optional<RouteSpec> route = extraction.object().kind().isRoute() ? RouteSpec.of(object) : Optional.empty();
    List<Desired> desired = new ArrayList<>();
    for (Claim claim : extraction.claims()) {
      List<String> targets = override.orElseGet(() -> statusTargets(object, route, claim));
      desired.addAll(Targets.recordSets(claim.hostname(), targets, ttl, properties, resource));
    }
    return desired;
  }

  private List<String> statusTargets(HasMetadata object, Optional<RouteSpec> route, Claim claim) {
    if (route.isPresent()) {
      return RouteTargets.of(route.get(), claim.hostname(), attachment);
    }
    return switch (object) {
      case Service service -> ServiceTargets.of(service, claim);
      case Ingress ingress -> ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
          ? List.of()
          : LoadBalancerTargets.of(ingress.getStatus().getLoadBalancer().getIngress(), i -> i.getIp(), i -> i.getHostname());
      default -> List.of();
    };
  }
}
