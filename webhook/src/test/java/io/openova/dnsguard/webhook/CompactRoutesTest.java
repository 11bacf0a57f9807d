package io.openova.dnsguard.webhook;

import io.openova.dnsguard.policies.claim.SourceObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteList;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routes as the webhook's informers read them: the claim fields and the cache's metadata, nothing else. */
class CompactRoutesTest {
  private static final KubernetesSerialization SERIALIZATION = CompactRoutes.serialization();
  private static final String ROUTE = """
      {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
       "metadata": {"name": "shop", "namespace": "team-a", "uid": "u-1", "resourceVersion": "42",
                    "creationTimestamp": "2026-12-05T10:00:00Z", "labels": {"app": "shop"},
                    "annotations": {"external-dns.alpha.kubernetes.io/ttl": "60"},
                    "managedFields": [{"manager": "kubectl", "fieldsV1": {"f:spec": {"f:hostnames": {}}}}]},
       "spec": {"parentRefs": [{"name": "gw", "namespace": "infra", "sectionName": "https"}],
                "hostnames": ["shop.example.com", "*.shop.example.com"],
                "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                           "backendRefs": [{"name": "svc", "port": 80}]}]},
       "status": {"parents": []}}""";

  @Test
  void route_keepsClaimFieldsAndCacheMetadata_dropsTheRest() {
    HTTPRoute route = SERIALIZATION.unmarshal(ROUTE, HTTPRoute.class);

    assertThat(route.getMetadata().getName()).isEqualTo("shop");
    assertThat(route.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(route.getMetadata().getUid()).isEqualTo("u-1");
    assertThat(route.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(route.getMetadata().getCreationTimestamp()).isEqualTo("2026-12-05T10:00:00Z");
    assertThat(route.getMetadata().getLabels()).isEqualTo(Map.of("app", "shop"));
    assertThat(route.getMetadata().getAnnotations()).containsEntry("external-dns.alpha.kubernetes.io/ttl", "60");
    assertThat(route.getMetadata().getManagedFields()).isEmpty();
    assertThat(route.getSpec().getHostnames()).containsExactly("shop.example.com", "*.shop.example.com");
    assertThat(route.getSpec().getParentRefs()).extracting(ParentReference::getName, ParentReference::getNamespace,
        ParentReference::getSectionName).containsExactly(org.assertj.core.groups.Tuple.tuple("gw", "infra", "https"));
    assertThat(route.getSpec().getRules()).isEmpty();
    assertThat(route.getStatus()).isNull();
    // The claims are those of the whole object.
    assertThat(SourceObject.of(route))
        .isEqualTo(SourceObject.of(new KubernetesSerialization().unmarshal(ROUTE, HTTPRoute.class)));
  }

  /** A watch event's object and a list's items (which may omit their kind) are read the same way. */
  @Test
  void watchEventsAndListItems_areReadCompactly() {
    WatchEvent event = SERIALIZATION.unmarshal("{\"type\": \"ADDED\", \"object\": " + ROUTE + "}", WatchEvent.class);
    assertThat(event.getObject()).isInstanceOfSatisfying(HTTPRoute.class, route -> {
      assertThat(route.getSpec().getHostnames()).containsExactly("shop.example.com", "*.shop.example.com");
      assertThat(route.getSpec().getRules()).isEmpty();
    });

    HTTPRouteList list = SERIALIZATION.unmarshal("""
        {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRouteList", "metadata": {"resourceVersion": "7"},
         "items": [{"metadata": {"name": "bare", "namespace": "n", "resourceVersion": "6"},
                    "spec": {"hostnames": ["bare.example.com"]}}]}""", HTTPRouteList.class);
    assertThat(list.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(list.getItems()).singleElement().satisfies(route -> {
      assertThat(route.getKind()).isEqualTo("HTTPRoute");
      assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
      assertThat(route.getMetadata().getResourceVersion()).isEqualTo("6");
      assertThat(route.getSpec().getHostnames()).containsExactly("bare.example.com");
    });
    assertThat(SERIALIZATION.unmarshal("""
        {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GRPCRoute", "metadata": {"name": "g"},
         "spec": {"hostnames": ["grpc.example.com"], "rules": [{"backendRefs": [{"name": "s", "port": 9000}]}]}}""",
        GRPCRoute.class).getSpec().getHostnames()).containsExactly("grpc.example.com");
  }

  @Test
  void unreadableRoute_failsNamingTheField() {
    assertThatThrownBy(() -> SERIALIZATION.unmarshal("""
        {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": {"name": "r"},
         "spec": {"hostnames": "not-a-list.example.com"}}""", HTTPRoute.class))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .cause().hasMessageContaining("spec.hostnames must be a list, not a string");
  }
}
