package io.openova.dnsguard.policies.claim;

import java.util.Optional;

/** The Kubernetes kinds whose objects claim hostnames, as external-dns reads them. */
public enum SourceKind {
  SERVICE("", "Service", "service"),
  INGRESS("networking.k8s.io", "Ingress", "ingress"),
  HTTP_ROUTE("gateway.networking.k8s.io", "HTTPRoute", "httproute"),
  GRPC_ROUTE("gateway.networking.k8s.io", "GRPCRoute", "grpcroute"),
  TLS_ROUTE("gateway.networking.k8s.io", "TLSRoute", "tlsroute"),
  TCP_ROUTE("gateway.networking.k8s.io", "TCPRoute", "tcproute"),
  UDP_ROUTE("gateway.networking.k8s.io", "UDPRoute", "udproute"),
  DNS_ENDPOINT("externaldns.k8s.io", "DNSEndpoint", "crd");

  private static final SourceKind[] ALL = values(); // values() copies the array on every call

  private final String group;
  private final String kind;
  private final String registryName;

  SourceKind(String group, String kind, String registryName) {
    this.group = group;
    this.kind = kind;
    this.registryName = registryName;
  }

  /** The Kubernetes kind, e.g. {@code HTTPRoute}. */
  public String kind() {
    return kind;
  }

  /** The API group, empty for the core group. */
  public String group() {
    return group;
  }

  /** The lower-case name external-dns writes into {@code external-dns/resource=<name>/ns/obj}. */
  public String registryName() {
    return registryName;
  }

  /**
   * The name external-dns's {@code --source} gives this kind ({@code service}, {@code ingress},
   * {@code crd}, {@code gateway-httproute}, ...): {@code dnsguard run --source} takes the same.
   */
  public String sourceName() {
    return isRoute() ? "gateway-" + registryName : registryName;
  }

  /** True for the Gateway API route kinds, whose names depend on the Gateways they attach to. */
  public boolean isRoute() {
    return switch (this) {
      case HTTP_ROUTE, GRPC_ROUTE, TLS_ROUTE, TCP_ROUTE, UDP_ROUTE -> true;
      case SERVICE, INGRESS, DNS_ENDPOINT -> false;
    };
  }

  /** Looks a kind up by apiVersion ({@code group/version} or {@code v1}) and kind. */
  public static Optional<SourceKind> of(String apiVersion, String kind) {
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    for (SourceKind candidate : ALL) {
      if (candidate.kind.equals(kind) && candidate.group.equals(group)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Looks a kind up by its external-dns {@code --source} name ({@link #sourceName()}). */
  public static Optional<SourceKind> ofSourceName(String sourceName) {
    for (SourceKind candidate : ALL) {
      if (candidate.sourceName().equals(sourceName)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Looks a kind up by its external-dns registry name ({@code service}, {@code crd}, ...). */
  public static Optional<SourceKind> ofRegistryName(String registryName) {
    for (SourceKind candidate : ALL) {
      if (candidate.registryName.equals(registryName)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
