package io.openova.dnsguard.kube;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * JSON trees as Jackson reads them into maps and lists (a generic resource's spec), held immutable:
 * objects of up to four fields (a DNSEndpoint's endpoint) in a map of their exact size, larger ones
 * as an ordered copy, lists of their exact size. At 50,000 DNSEndpoint endpoints the informer cache
 * held a LinkedHashMap with its entries and 16-slot table and an ArrayList per endpoint (~500 B a
 * name). A small object's list of one item (an endpoint's one target) is held as the item and read
 * back as that list. Objects keep their key order and JSON nulls; short strings (record types,
 * booleans written as text) are shared. Reads back equal to the tree it was made from.
 */
final class CompactJson {
  // Record types, small enumerations: the same few texts at every endpoint.
  private static final int SHARED_STRING_LENGTH = 5;

  private CompactJson() {}

  /** {@code value} with every map and list below it compacted; other values as they are. */
  static @Nullable Object compact(@Nullable Object value) {
    return compact(value, new Object[0][]);
  }

  // lastKeys[0]: the keys of the map compacted last in the same list, shared by the next map that has them.
  private static @Nullable Object compact(@Nullable Object value, @Nullable Object[][] lastKeys) {
    return switch (value) {
      case null -> null;
      case Map<?, ?> map -> compactMap(map, lastKeys);
      case List<?> list -> compactList(list);
      case String text -> text.length() <= SHARED_STRING_LENGTH ? text.intern() : text;
      default -> value;
    };
  }

  private static Map<?, ?> compactMap(Map<?, ?> map, @Nullable Object[][] lastKeys) {
    if (map instanceof SmallMap) {
      return map;
    }
    if (map.isEmpty()) {
      return Map.of();
    }
    @Nullable Object[] keys = new Object[map.size()];
    @Nullable Object[] values = new Object[map.size()];
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      keys[i] = e.getKey() instanceof String key ? key.intern() : e.getKey();
      values[i++] = compact(e.getValue());
    }
    if (keys.length > SmallMap.MAX) { // rare in a spec (an endpoint has three or four fields): an ordered copy
      Map<Object, @Nullable Object> copy = new LinkedHashMap<>(keys.length * 2);
      for (int k = 0; k < keys.length; k++) {
        copy.put(Objects.requireNonNull(keys[k]), values[k]);
      }
      return Collections.unmodifiableMap(copy);
    }
    for (int k = 0; k < keys.length; k++) {
      if (values[k] instanceof List<?> one && one.size() == 1 && one.getFirst() != null) {
        keys[k] = new ListOfOne(Objects.requireNonNull(keys[k]));
        values[k] = one.getFirst();
      }
    }
    if (lastKeys.length > 0) {
      if (Arrays.equals(lastKeys[0], keys)) {
        keys = lastKeys[0];
      } else {
        lastKeys[0] = keys;
      }
    }
    return new SmallMap(keys, values);
  }

  private static List<?> compactList(List<?> list) {
    @Nullable Object[] items = new Object[list.size()];
    @Nullable Object[][] lastKeys = new Object[1][];
    boolean nulls = false;
    for (int i = 0; i < items.length; i++) {
      items[i] = compact(list.get(i), lastKeys);
      nulls |= items[i] == null;
    }
    // List.of holds no null; a JSON array may.
    return nulls ? Collections.unmodifiableList(Arrays.asList(items)) : List.of(items);
  }

  /**
   * A small object's key whose value is a list of one item, held as the item: the list (24 B, an
   * endpoint's one target) is made again when read. One per endpoint shape, in the shared key array.
   */
  private record ListOfOne(Object key) {}

  /**
   * An immutable map of up to four entries in insertion order: the keys in an array that the objects
   * of one list share when they have the same keys (a DNSEndpoint's endpoints), the values in fields.
   * A {@link Map} written out rather than an {@link AbstractMap} (whose two cached views cost 8 B): 32
   * B for an endpoint of three fields, where an array of keys and values took 64 B.
   */
  static final class SmallMap implements Map<Object, @Nullable Object> {
    static final int MAX = 4;
    private final @Nullable Object[] keys;
    private final @Nullable Object v0;
    private final @Nullable Object v1;
    private final @Nullable Object v2;
    private final @Nullable Object v3;

    SmallMap(@Nullable Object[] keys, @Nullable Object[] values) {
      this.keys = keys;
      v0 = values.length > 0 ? values[0] : null;
      v1 = values.length > 1 ? values[1] : null;
      v2 = values.length > 2 ? values[2] : null;
      v3 = values.length > 3 ? values[3] : null;
    }

    private Object key(int i) {
      Object key = Objects.requireNonNull(keys[i]);
      return key instanceof ListOfOne one ? one.key() : key;
    }

    private @Nullable Object value(int i) {
      @Nullable Object held = switch (i) {
        case 0 -> v0;
        case 1 -> v1;
        case 2 -> v2;
        default -> v3;
      };
      return keys[i] instanceof ListOfOne ? List.of(Objects.requireNonNull(held)) : held;
    }

    private int indexOf(@Nullable Object key) {
      for (int i = 0; i < keys.length; i++) {
        if (Objects.equals(key(i), key)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public @Nullable Object get(@Nullable Object key) {
      int at = indexOf(key);
      return at < 0 ? null : value(at);
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return indexOf(key) >= 0;
    }

    @Override
    public boolean containsValue(@Nullable Object value) {
      for (int i = 0; i < keys.length; i++) {
        if (Objects.equals(value(i), value)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public int size() {
      return keys.length;
    }

    @Override
    public boolean isEmpty() {
      return keys.length == 0;
    }

    @Override
    public @Nullable Object put(Object key, @Nullable Object value) {
      throw new UnsupportedOperationException("immutable");
    }

    @Override
    public @Nullable Object remove(@Nullable Object key) {
      throw new UnsupportedOperationException("immutable");
    }

    @Override
    public void putAll(Map<?, ? extends @Nullable Object> map) {
      throw new UnsupportedOperationException("immutable");
    }

    @Override
    public void clear() {
      throw new UnsupportedOperationException("immutable");
    }

    @Override
    public Set<Object> keySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Object> iterator() {
          Iterator<Map.Entry<Object, @Nullable Object>> entries = entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Object next() {
              return entries.next().getKey();
            }
          };
        }

        @Override
        public int size() {
          return keys.length;
        }
      };
    }

    @Override
    public Collection<@Nullable Object> values() {
      return new AbstractList<@Nullable Object>() {
        @Override
        public @Nullable Object get(int index) {
          Objects.checkIndex(index, keys.length);
          return value(index);
        }

        @Override
        public int size() {
          return keys.length;
        }
      };
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
              return next < keys.length;
            }

            @Override
            public Map.Entry<Object, @Nullable Object> next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              Map.Entry<Object, @Nullable Object> entry =
                  new AbstractMap.SimpleImmutableEntry<Object, @Nullable Object>(key(next), value(next));
              next++;
              return entry;
            }
          };
        }

        @Override
        public int size() {
          return keys.length;
        }
      };
    }

    /** As {@link Map#equals}: the same mappings, whatever the other map's kind or order. */
    @Override
    public boolean equals(@Nullable Object other) {
      if (other == this) {
        return true;
      }
      if (!(other instanceof Map<?, ?> map) || map.size() != keys.length) {
        return false;
      }
      for (int i = 0; i < keys.length; i++) {
        Object key = key(i);
        Object value = value(i);
        if (value == null ? map.get(key) != null || !map.containsKey(key) : !value.equals(map.get(key))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int hash = 0;
      for (int i = 0; i < keys.length; i++) {
        hash += key(i).hashCode() ^ Objects.hashCode(value(i));
      }
      return hash;
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("{");
      for (int i = 0; i < keys.length; i++) {
        text.append(i == 0 ? "" : ", ").append(key(i)).append('=').append(value(i));
      }
      return text.append('}').toString();
    }
  }
}
