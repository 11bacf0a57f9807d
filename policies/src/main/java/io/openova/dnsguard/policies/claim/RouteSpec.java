package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    return SourceObject.of(object).flatMap(RouteSpec::of);
  }

  /** The route fields of {@code source}; empty when it is not a Gateway API route. */
  public static Optional<RouteSpec> of(SourceObject source) {
    if (!source.kind().isRoute()) {
      return Optional.empty();
    }
    ObjectRef ref = source.ref();
    return Optional.of(new RouteSpec(ref.kind(), ref.namespace(), ref.name(),
        source.hostnames().stream().map(SourceObject.Host::name).toList(), source.annotations(), source.parentRefs(),
        source.statusParents()));
  }
}
