package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the effective-hostname computation reads of a Gateway API route, whatever its kind:
 * TCPRoute and UDPRoute have no {@code hostnames} (their names come from listeners and annotations).
 */
public record RouteSpec(
    SourceKind kind,
    String namespace,
    String name,
    List<String> hostnames,
    Map<String, String> annotations,
    List<ParentReference> parentRefs,
    List<RouteParentStatus> statusParents) {

  public RouteSpec {
    hostnames = List.copyOf(hostnames);
    annotations = Map.copyOf(annotations);
    parentRefs = List.copyOf(parentRefs);
    statusParents = List.copyOf(statusParents);
  }

  /** The route's protocol as external-dns matches it against a listener's (HTTPS counts as HTTP). */
  String protocol() {
    return switch (kind) {
      case TLS_ROUTE -> "TLS";
      case TCP_ROUTE -> "TCP";
      case UDP_ROUTE -> "UDP";
      default -> "HTTP";
    };
  }

  /** The route fields of {@code object}; empty when it is not a Gateway API route. */
  public static Optional<RouteSpec> of(HasMetadata object) {
    return switch (object) {
      case HTTPRoute r -> Optional.of(of(SourceKind.HTTP_ROUTE, r, r.getSpec() == null ? null : r.getSpec().getHostnames(),
          r.getSpec() == null ? null : r.getSpec().getParentRefs(), r.getStatus() == null ? null : r.getStatus().getParents()));
      case GRPCRoute r -> Optional.of(of(SourceKind.GRPC_ROUTE, r, r.getSpec() == null ? null : r.getSpec().getHostnames(),
          r.getSpec() == null ? null : r.getSpec().getParentRefs(), r.getStatus() == null ? null : r.getStatus().getParents()));
      case TLSRoute r -> Optional.of(of(SourceKind.TLS_ROUTE, r, r.getSpec() == null ? null : r.getSpec().getHostnames(),
          r.getSpec() == null ? null : r.getSpec().getParentRefs(), r.getStatus() == null ? null : r.getStatus().getParents()));
      case TCPRoute r -> Optional.of(of(SourceKind.TCP_ROUTE, r, null,
          r.getSpec() == null ? null : r.getSpec().getParentRefs(), r.getStatus() == null ? null : r.getStatus().getParents()));
      case UDPRoute r -> Optional.of(of(SourceKind.UDP_ROUTE, r, null,
          r.getSpec() == null ? null : r.getSpec().getParentRefs(), r.getStatus() == null ? null : r.getStatus().getParents()));
      default -> Optional.empty();
    };
  }

  private static RouteSpec of(SourceKind kind, HasMetadata route, @Nullable List<String> hostnames,
      @Nullable List<ParentReference> parentRefs, @Nullable List<RouteParentStatus> parents) {
    ObjectRef ref = ClaimExtractor.refOf(kind, route.getMetadata());
    Map<String, String> annotations = route.getMetadata().getAnnotations() == null
        ? Map.of() : route.getMetadata().getAnnotations();
    return new RouteSpec(kind, ref.namespace(), ref.name(),
        hostnames == null ? List.of() : hostnames.stream().filter(h -> h != null).toList(), annotations,
        parentRefs == null ? List.of() : parentRefs.stream().filter(p -> p != null).toList(),
        parents == null ? List.of() : parents.stream().filter(p -> p != null && p.getParentRef() != null).toList());
  }
}
