package io.openova.dnsguard.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An informer cache of generic resources (DNSEndpoints: no model class) that compacts each object's
 * JSON fields ({@link CompactJson}) as it is stored. In place: the informer hands its handlers the
 * very object it stored, so the handlers and the cache share one compact copy.
 */
final class CompactingItemStore implements ItemStore<GenericKubernetesResource> {
  private final BasicItemStore<GenericKubernetesResource> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

  @Override
  public String getKey(GenericKubernetesResource object) {
    return store.getKey(object);
  }

  @Override
  public @Nullable GenericKubernetesResource put(String key, GenericKubernetesResource object) {
    compact(object);
    return store.put(key, object);
  }

  /** Replaces each top-level JSON field (spec, status, ...) of {@code object} by its compact copy. */
  static void compact(GenericKubernetesResource object) {
    Map<String, Object> fields = object.getAdditionalProperties();
    if (fields != null) { // JSON nulls kept: the model's map holds them despite its type
      fields.replaceAll((name, value) -> CompactJson.compact(value));
    }
  }

  @Override
  public @Nullable GenericKubernetesResource remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<GenericKubernetesResource> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public @Nullable GenericKubernetesResource get(String key) {
    return store.get(key);
  }
}
