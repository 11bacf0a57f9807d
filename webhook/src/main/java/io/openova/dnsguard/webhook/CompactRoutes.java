package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.jackson.Jackson2JdkTypesModule;
import io.openova.dnsguard.policies.claim.ClaimFieldsReader;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The webhook's Kubernetes client binds the Gateway API routes it lists and watches through
 * {@link ClaimFieldsReader}: only the fields claims are read from, plus the metadata a cache needs
 * (resourceVersion, labels, deletionTimestamp). Every route a team creates reaches every replica's
 * informer; binding it whole to the fabric8 model (rules, filters, managedFields, status) was most
 * of a replica's CPU per admitted route, more than answering its review. The webhook reads nothing
 * else of a route: claims ({@code ClaimIndexFeeder}) and attachment ({@link GatewayGuard}) only.
 */
final class CompactRoutes {
  private CompactRoutes() {}

  /** fabric8's own serialization, with the route kinds read compactly. */
  static KubernetesSerialization serialization() {
    SimpleModule routes = new SimpleModule("dnsguard-compact-routes");
    add(routes, HTTPRoute.class);
    add(routes, GRPCRoute.class);
    add(routes, TLSRoute.class);
    add(routes, TCPRoute.class);
    add(routes, UDPRoute.class);
    // As fabric8's default mapper, plus the module: fabric8 adds its own modules and settings on top.
    return new KubernetesSerialization(JsonMapper.builderWithJackson2Defaults()
        .addModule(new Jackson2JdkTypesModule()).addModule(routes).build(), true);
  }

  private static <T extends HasMetadata> void add(SimpleModule module, Class<T> type) {
    String apiVersion = HasMetadata.getApiVersion(type);
    String kind = HasMetadata.getKind(type);
    module.addDeserializer(type, new ValueDeserializer<T>() {
      /** Stateless: without this Jackson looks the deserializer up again, annotations and all, for every object. */
      @Override
      public boolean isCachable() {
        return true;
      }

      @Override
      public T deserialize(JsonParser p, DeserializationContext context) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          return context.reportInputMismatch(type, "%s must be an object, not %s", kind, p.currentToken());
        }
        HasMetadata read;
        try {
          read = ClaimFieldsReader.readModel(p, apiVersion, kind);
        } catch (IllegalArgumentException unreadable) {
          return context.reportInputMismatch(type, "%s", unreadable.getMessage());
        }
        if (!type.isInstance(read)) {
          return context.reportInputMismatch(type, "expected a %s, read %s %s", kind, read.getApiVersion(), read.getKind());
        }
        return type.cast(read);
      }
    });
  }
}
