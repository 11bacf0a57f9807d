package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a parsed Kubernetes object (JSON/YAML tree) into the fabric8 model class dnsguard reads:
 * typed for the claiming kinds, Gateway, ListenerSet and Namespace, {@link GenericKubernetesResource} for everything else
 * (DNSEndpoint included).
 */
public final class KubernetesObjects {

  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private KubernetesObjects() {}

  /** Converts {@code tree}; throws {@link IllegalArgumentException} naming the field that does not fit. */
  public static HasMetadata fromTree(JsonNode tree) {
    String apiVersion = tree.path("apiVersion").asString("");
    String kind = tree.path("kind").asString("");
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      throw new IllegalArgumentException("object has no apiVersion/kind");
    }
    Class<? extends HasMetadata> type = modelClass(apiVersion, kind);
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(kind + ": " + e.getOriginalMessage());
    }
  }

  /** The shared mapper (lenient about unknown fields, as the API server may add some). */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** True for the Gateway API kinds that decide a route's names without claiming any themselves. */
  static boolean isGatewayOrListenerSet(String apiVersion, String kind) {
    return apiVersion.startsWith(EffectiveHostnames.GROUP + "/") && (kind.equals("Gateway") || kind.equals("ListenerSet"));
  }

  static Class<? extends HasMetadata> modelClass(String apiVersion, String kind) {
    if (apiVersion.equals("v1") && kind.equals("Namespace")) {
      return Namespace.class;
    }
    if (apiVersion.startsWith(EffectiveHostnames.GROUP + "/") && kind.equals("Gateway")) {
      return Gateway.class;
    }
    if (apiVersion.startsWith(EffectiveHostnames.GROUP + "/") && kind.equals("ListenerSet")) {
      return ListenerSet.class;
    }
    return SourceKind.of(apiVersion, kind)
        .<Class<? extends HasMetadata>>map(
            sourceKind ->
                switch (sourceKind) {
                  case SERVICE -> Service.class;
                  case INGRESS -> Ingress.class;
                  case HTTP_ROUTE -> HTTPRoute.class;
                  case GRPC_ROUTE -> GRPCRoute.class;
                  case TLS_ROUTE -> TLSRoute.class;
                  case TCP_ROUTE -> TCPRoute.class;
                  case UDP_ROUTE -> UDPRoute.class;
                  case DNS_ENDPOINT -> GenericKubernetesResource.class;
                })
        .orElse(GenericKubernetesResource.class);
  }
}
