package io.openova.dnsguard.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.openova.dnsguard.policies.claim.SourceObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A compacted JSON tree reads back as the tree it was made from: equal, same key order, nulls kept. */
class CompactJsonTest {

  @Property(tries = 500)
  void compactTreeEqualsTheTreeInOrder(@ForAll("trees") Object tree) {
    if (tree == null) {
      assertThat(CompactJson.compact(null)).isNull();
      return;
    }
    Object compact = CompactJson.compact(tree);
    assertThat(compact).isEqualTo(tree);
    assertThat(tree).isEqualTo(compact);
    assertThat(compact.hashCode()).isEqualTo(tree.hashCode());
    assertThat(compact.toString()).isEqualTo(tree.toString());
    assertSameOrder(tree, compact);
  }

  @Property(tries = 200)
  void aDnsEndpointReadsTheSameCompacted(@ForAll("endpoints") List<Object> endpoints) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("endpoints", endpoints);
    String json = Serialization.asJson(Map.of("apiVersion", "externaldns.k8s.io/v1alpha1", "kind", "DNSEndpoint",
        "metadata", Map.of("name", "e", "namespace", "n", "resourceVersion", "1"), "spec", spec));
    GenericKubernetesResource read = Serialization.unmarshal(json, GenericKubernetesResource.class);
    GenericKubernetesResource compacted = Serialization.unmarshal(json, GenericKubernetesResource.class);
    CompactingItemStore.compact(compacted);
    assertThat(SourceObject.of(compacted)).isEqualTo(SourceObject.of(read));
    assertThat(compacted.getAdditionalProperties()).isEqualTo(read.getAdditionalProperties());
    assertThat(Serialization.asJson(compacted)).isEqualTo(Serialization.asJson(read));
  }

  @Test
  void theCompactCopyIsImmutable() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("targets", new ArrayList<>(List.of("192.0.2.1")));
    map.put("recordTTL", null);
    @SuppressWarnings("unchecked")
    Map<String, Object> compact = (Map<String, Object>) CompactJson.compact(map);
    assertThat(compact).containsEntry("recordTTL", null).containsKey("recordTTL").doesNotContainKey("other");
    assertThatThrownBy(() -> compact.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) compact.get("targets")).clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shortTextsAreShared() {
    String type = new String("AAAA".toCharArray());
    assertThat(CompactJson.compact(List.of(type))).isEqualTo(List.of("AAAA"));
    assertThat(((List<?>) CompactJson.compact(List.of(type))).getFirst()).isSameAs("AAAA");
  }

  private static void assertSameOrder(Object tree, Object compact) {
    if (tree instanceof Map<?, ?> map) {
      assertThat(List.copyOf(((Map<?, ?>) compact).keySet())).isEqualTo(List.copyOf(map.keySet()));
      assertThat(new ArrayList<>(((Map<?, ?>) compact).values())).isEqualTo(new ArrayList<>(map.values()));
      map.values().forEach(v -> assertThat(((Map<?, ?>) compact).containsValue(v)).isTrue());
      assertThat(((Map<?, ?>) compact).containsValue(new Object())).isFalse();
      map.forEach((k, v) -> {
        if (v != null) {
          assertSameOrder(v, ((Map<?, ?>) compact).get(k));
        }
      });
    } else if (tree instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) != null) {
          assertSameOrder(list.get(i), ((List<?>) compact).get(i));
        }
      }
    }
  }

  @Provide
  Arbitrary<Object> trees() {
    return tree(3);
  }

  private static Arbitrary<Object> tree(int depth) {
    Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b))
        .injectNull(0.1);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> child = tree(depth - 1);
    Arbitrary<Object> list = child.list().ofMaxSize(4).map(items -> (Object) new ArrayList<>(items));
    Arbitrary<Object> map = Arbitraries.strings().alpha().ofMaxLength(8).list().ofMaxSize(5).flatMap(keys ->
        child.list().ofSize(keys.size()).map(values -> {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = 0; i < keys.size(); i++) {
            m.put(keys.get(i), values.get(i));
          }
          return (Object) m;
        }));
    return Arbitraries.oneOf(leaf, list, map);
  }

  @Provide
  Arbitrary<List<Object>> endpoints() {
    Arbitrary<Object> endpoint = Arbitraries.of("a.example.org", "*.w.example.org", "Ünïcode.example.org", "")
        .flatMap(name -> Arbitraries.of("A", "AAAA", "CNAME", "TXT").flatMap(type ->
            Arbitraries.of("192.0.2.1", "2001:db8::1", "t.example.net").list().ofMaxSize(3).flatMap(targets ->
                Arbitraries.of(0, 300, -1).map(ttl -> {
                  Map<String, Object> e = new LinkedHashMap<>();
                  e.put("dnsName", name);
                  e.put("recordType", type);
                  e.put("targets", targets);
                  e.put("recordTTL", ttl == -1 ? null : ttl);
                  if (ttl == 0) { // with five fields, and with four (the keys shared along the list)
                    e.put("labels", Map.of("owner", "x"));
                  }
                  return (Object) e;
                }))));
    return Arbitraries.oneOf(endpoint, Arbitraries.just("not an object")).list().ofMaxSize(5);
  }
}
