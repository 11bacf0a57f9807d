package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.filter.FilteringGeneratorDelegate;
import tools.jackson.core.filter.TokenFilter;
import tools.jackson.databind.util.TokenBuffer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a parsed Kubernetes object (JSON/YAML tree) into the fabric8 model class dnsguard reads:
 * typed for the claiming kinds and Namespace, {@link GenericKubernetesResource} for everything else
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

  /**
   * Converts an object buffered as JSON tokens (e.g. the {@code object} of an AdmissionReview, copied
   * while the review was streamed): one scan for apiVersion/kind, one binding pass, no tree.
   */
  public static HasMetadata fromTokens(TokenBuffer tokens) {
    String apiVersion = "";
    String kind = "";
    try (JsonParser scan = tokens.asParser()) {
      if (scan.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("object is not a JSON object");
      }
      while (scan.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = scan.currentName();
        JsonToken value = scan.nextToken();
        if (value == JsonToken.VALUE_STRING && field.equals("apiVersion")) {
          apiVersion = scan.getString();
        } else if (value == JsonToken.VALUE_STRING && field.equals("kind")) {
          kind = scan.getString();
        } else {
          scan.skipChildren();
        }
      }
    }
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      throw new IllegalArgumentException("object has no apiVersion/kind");
    }
    try (JsonParser bind = tokens.asParser()) {
      return MAPPER.readValue(bind, modelClass(apiVersion, kind));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(kind + ": " + e.getOriginalMessage());
    }
  }

  /**
   * Copies the object at the parser's current token ({@code START_OBJECT}), keeping only the
   * {@link ClaimFields} the rule book reads; the parser is left at the object's end.
   */
  public static TokenBuffer bufferClaimFields(JsonParser p) {
    TokenBuffer tokens = TokenBuffer.forBuffering(p, ObjectReadContext.empty());
    JsonGenerator filtered = new FilteringGeneratorDelegate(tokens, ClaimFields.FILTER,
        TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true);
    filtered.copyCurrentStructure(p); // not closed: that would close the buffer too; nothing else is held
    return tokens;
  }

  /** The shared mapper (lenient about unknown fields, as the API server may add some). */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  private static Class<? extends HasMetadata> modelClass(String apiVersion, String kind) {
    if (apiVersion.equals("v1") && kind.equals("Namespace")) {
      return Namespace.class;
    }
    return SourceKind.of(apiVersion, kind)
        .<Class<? extends HasMetadata>>map(
            sourceKind ->
                switch (sourceKind) {
                  case SERVICE -> Service.class;
                  case INGRESS -> Ingress.class;
                  case HTTP_ROUTE -> HTTPRoute.class;
                  case GRPC_ROUTE -> GRPCRoute.class;
                  case DNS_ENDPOINT -> GenericKubernetesResource.class;
                })
        .orElse(GenericKubernetesResource.class);
  }
}
