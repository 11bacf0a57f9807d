package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SourceObject} of a fabric8 model object: informers' objects, manifests, tests. Reads the
 * same fields as {@link ClaimFieldsReader} reads from a token stream; a property test holds the two
 * to equal records.
 */
final class ModelSourceReader {

  private ModelSourceReader() {}

  /** Empty when the object's kind claims no names; {@link IllegalArgumentException} for unreadable metadata. */
  static Optional<SourceObject> read(HasMetadata object) {
    Optional<SourceKind> kind = SourceKind.of(orEmpty(object.getApiVersion()), orEmpty(object.getKind()));
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    ObjectMeta meta = object.getMetadata();
    ObjectRef ref = ClaimExtractor.refOf(kind.get(), meta);
    Map<String, String> annotations = ExternalDnsAnnotations.claimAnnotations(
        meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    List<SourceObject.Host> hosts = new ArrayList<>();
    List<SourceObject.Endpoint> endpoints = List.of();
    List<ParentReference> parentRefs = List.of();
    List<RouteParentStatus> statusParents = List.of();
    switch (object) {
      case Ingress ingress when ingress.getSpec() != null -> ingressHosts(ingress, hosts);
      case GenericKubernetesResource resource when kind.get() == SourceKind.DNS_ENDPOINT ->
          endpoints = SourceObject.Endpoint.listOf(resource.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
              ? spec.get("endpoints") : null);
      case HTTPRoute r -> {
        hosts.addAll(routeHosts(r.getSpec() == null ? null : r.getSpec().getHostnames()));
        parentRefs = present(r.getSpec() == null ? null : r.getSpec().getParentRefs());
        statusParents = named(r.getStatus() == null ? null : r.getStatus().getParents());
      }
      case GRPCRoute r -> {
        hosts.addAll(routeHosts(r.getSpec() == null ? null : r.getSpec().getHostnames()));
        parentRefs = present(r.getSpec() == null ? null : r.getSpec().getParentRefs());
        statusParents = named(r.getStatus() == null ? null : r.getStatus().getParents());
      }
      case TLSRoute r -> {
        hosts.addAll(routeHosts(r.getSpec() == null ? null : r.getSpec().getHostnames()));
        parentRefs = present(r.getSpec() == null ? null : r.getSpec().getParentRefs());
        statusParents = named(r.getStatus() == null ? null : r.getStatus().getParents());
      }
      case TCPRoute r -> { // no hostnames: names come from listeners and annotations
        parentRefs = present(r.getSpec() == null ? null : r.getSpec().getParentRefs());
        statusParents = named(r.getStatus() == null ? null : r.getStatus().getParents());
      }
      case UDPRoute r -> {
        parentRefs = present(r.getSpec() == null ? null : r.getSpec().getParentRefs());
        statusParents = named(r.getStatus() == null ? null : r.getStatus().getParents());
      }
      default -> {
        if (kind.get().isRoute()) {
          throw new IllegalArgumentException(kind.get().kind() + " was not read as a route");
        }
      } // a Service: annotations only
    }
    return Optional.of(new SourceObject(ref, hosts, annotations, endpoints, parentRefs, statusParents));
  }

  private static void ingressHosts(Ingress ingress, List<SourceObject.Host> hosts) {
    List<IngressRule> rules = ingress.getSpec().getRules() == null ? List.of() : ingress.getSpec().getRules();
    for (int i = 0; i < rules.size(); i++) {
      String host = rules.get(i) == null ? null : rules.get(i).getHost();
      if (host != null && !host.isEmpty()) { // a rule without host is a catch-all, not a DNS name
        hosts.add(new SourceObject.Host(host, "spec.rules[" + i + "].host"));
      }
    }
    List<IngressTLS> tls = ingress.getSpec().getTls() == null ? List.of() : ingress.getSpec().getTls();
    for (int i = 0; i < tls.size(); i++) {
      if (tls.get(i) != null && tls.get(i).getHosts() != null) {
        for (String host : present(tls.get(i).getHosts())) {
          hosts.add(new SourceObject.Host(host, "spec.tls[" + i + "].hosts"));
        }
      }
    }
  }

  /** A route's hostnames: all from the one field, as messages name it. */
  static List<SourceObject.Host> routeHosts(@Nullable List<String> hostnames) {
    return present(hostnames).stream().map(host -> new SourceObject.Host(host, "spec.hostnames")).toList();
  }

  private static <T> List<T> present(@Nullable List<T> values) {
    return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
  }

  private static List<RouteParentStatus> named(@Nullable List<RouteParentStatus> parents) {
    return parents == null ? List.of() : parents.stream().filter(p -> p != null && p.getParentRef() != null).toList();
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }
}
