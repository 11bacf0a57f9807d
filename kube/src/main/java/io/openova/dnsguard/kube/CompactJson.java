package io.openova.dnsguard.kube;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * JSON trees as Jackson reads them into maps and lists (a generic resource's spec), held in
 * immutable collections of their exact size: at 50,000 DNSEndpoint endpoints the informer cache held
 * a LinkedHashMap with its entries and 16-slot table and an ArrayList per endpoint (~500 B a name).
 * Objects keep their key order and JSON nulls; short strings (record types, booleans written as
 * text) are shared. Reads back equal to the tree it was made from.
 */
final class CompactJson {
  // Record types, "true", small enumerations: the same few texts at every endpoint.
  private static final int SHARED_STRING_LENGTH = 5;

  private CompactJson() {}

  /** {@code value} with every map and list below it compacted; other values as they are. */
  static @Nullable Object compact(@Nullable Object value) {
    return switch (value) {
      case null -> null;
      case Map<?, ?> map -> compactMap(map);
      case List<?> list -> compactList(list);
      case String text -> text.length() <= SHARED_STRING_LENGTH ? text.intern() : text;
      default -> value;
    };
  }

  private static Map<?, ?> compactMap(Map<?, ?> map) {
    if (map instanceof ArrayMap) {
      return map;
    }
    if (map.isEmpty()) {
      return Map.of();
    }
    @Nullable Object[] keysAndValues = new Object[map.size() * 2];
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      keysAndValues[i++] = e.getKey() instanceof String key ? key.intern() : e.getKey();
      keysAndValues[i++] = compact(e.getValue());
    }
    return new ArrayMap(keysAndValues);
  }

  private static List<?> compactList(List<?> list) {
    @Nullable Object[] items = new Object[list.size()];
    boolean nulls = false;
    for (int i = 0; i < items.length; i++) {
      items[i] = compact(list.get(i));
      nulls |= items[i] == null;
    }
    // List.of holds no null; a JSON array may.
    return nulls ? Collections.unmodifiableList(Arrays.asList(items)) : List.of(items);
  }

  /**
   * An immutable map in insertion order over one array of keys and values, found by a linear scan
   * (a JSON object has a few keys). Null values are kept, as JSON has them.
   */
  static final class ArrayMap extends AbstractMap<Object, @Nullable Object> {
    private final @Nullable Object[] keysAndValues;

    ArrayMap(@Nullable Object[] keysAndValues) {
      this.keysAndValues = keysAndValues;
    }

    @Override
    public @Nullable Object get(@Nullable Object key) {
      int at = indexOf(key);
      return at < 0 ? null : keysAndValues[at + 1];
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return indexOf(key) >= 0;
    }

    @Override
    public int size() {
      return keysAndValues.length / 2;
    }

    private int indexOf(@Nullable Object key) {
      for (int i = 0; i < keysAndValues.length; i += 2) {
        if (Objects.equals(keysAndValues[i], key)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public Set<Map.Entry<Object, @Nullable Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<Object, @Nullable Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < keysAndValues.length;
            }

            @Override
            public Map.Entry<Object, @Nullable Object> next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              Map.Entry<Object, @Nullable Object> entry =
                  new SimpleImmutableEntry<Object, @Nullable Object>(Objects.requireNonNull(keysAndValues[next]), keysAndValues[next + 1]);
              next += 2;
              return entry;
            }
          };
        }

        @Override
        public int size() {
          return keysAndValues.length / 2;
        }
      };
    }
  }
}
