package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One zone's record sets as cached between syncs, by name, so that a sync for a few changed names
 * takes just the sets that decide those names (the names' own and their ownership records') instead
 * of the whole zone. Keyed by the canonical name text: one map entry per name, a one-set name held
 * without a list. Held flat ({@link Held}): a set is made again from its name's text when it is
 * read — at 50k names, RecordSet, Hostname and value list objects per set weighed ~170 B a name.
 * Used by the sync thread only.
 */
final class CachedZone {
  private static final RecordType[] TYPES = RecordType.values();

  // A Held, or a Held[] when the name holds more than one type.
  private final HashMap<String, Object> byName;
  private int sets;

  CachedZone(Collection<RecordSet> read) {
    byName = HashMap.newHashMap(read.size());
    read.forEach(set -> put(set, false));
  }

  /**
   * One set without its name (the map's key): an IPv4 address set of one address as the address's
   * 32 bits, any other one-value set without properties as its type, TTL and value, else the set.
   * Deterministic: equal sets are held as equal values.
   */
  private sealed interface Held {
    RecordType type();

    RecordSet set(Hostname name);

    static Held of(RecordSet set) {
      if (set.values().size() != 1 || !set.properties().isEmpty()) {
        return new Whole(set);
      }
      String value = set.values().getFirst();
      int ttl = (int) set.ttl(); // ≤ RecordSet.MAX_TTL
      if (set.type() == RecordType.A) {
        int address = Address.bits(value);
        if (Address.text(address).equals(value)) {
          return new Address(ttl, address);
        }
      }
      return new One(set.type(), ttl, value);
    }
  }

  private record Address(int ttl, int bits) implements Held {
    @Override
    public RecordType type() {
      return RecordType.A;
    }

    @Override
    public RecordSet set(Hostname name) {
      return RecordSet.of(name, RecordType.A, ttl, List.of(text(bits)));
    }

    // A values are canonical dotted quads (RecordSet); anything else reads back different and is not held so.
    static int bits(String quad) {
      int bits = 0;
      int octet = 0;
      for (int i = 0; i < quad.length(); i++) {
        char c = quad.charAt(i);
        if (c == '.') {
          bits = bits << 8 | octet & 0xff;
          octet = 0;
        } else {
          octet = octet * 10 + (c - '0');
        }
      }
      return bits << 8 | octet & 0xff;
    }

    static String text(int bits) {
      return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
    }
  }

  private record One(RecordType type, int ttl, String value) implements Held {
    @Override
    public RecordSet set(Hostname name) {
      return RecordSet.of(name, type, ttl, List.of(value));
    }
  }

  private record Whole(RecordSet set) implements Held {
    @Override
    public RecordType type() {
      return set.type();
    }

    @Override
    public RecordSet set(Hostname name) {
      return set;
    }
  }

  /** Every set, in no particular order (a full sync plans them all). */
  List<RecordSet> all() {
    List<RecordSet> out = new ArrayList<>(sets);
    byName.forEach((name, held) -> addTo(out, name, held));
    return out;
  }

  /**
   * The sets that decide {@code names}: those at each name, and at every ownership record name the
   * name has under {@code mapper} (either format, any type), the way {@link
   * io.openova.dnsguard.policies.ownership.ZoneOwnership} reads them.
   */
  List<RecordSet> deciding(Collection<Hostname> names, TxtNameMapper mapper) {
    Set<String> wanted = new LinkedHashSet<>();
    for (Hostname name : names) {
      if (wanted.add(name.value())) {
        wanted.add(mapper.toTxtName(name, RecordType.A, TxtFormat.OLD));
        for (RecordType type : TYPES) {
          wanted.add(mapper.toTxtName(name, type, TxtFormat.NEW));
        }
      }
    }
    List<RecordSet> out = new ArrayList<>();
    for (String name : wanted) {
      Object held = byName.get(name);
      if (held != null) {
        addTo(out, name, held);
      }
    }
    return out;
  }

  /** Writes {@code plan}'s changes through, as the provider now holds them. */
  void apply(Plan plan) {
    for (Change change : plan.changes()) {
      switch (change) {
        case Change.Create create -> put(create.set(), true);
        case Change.Update update -> put(update.after(), true);
        case Change.Delete delete -> remove(delete.set());
      }
    }
  }

  int size() {
    return sets;
  }

  /**
   * The names whose sets differ between this copy and {@code other} (a name either lacks counts):
   * what a zone read again shows changed since it was cached.
   */
  void differences(CachedZone other, Consumer<Hostname> out) {
    byName.forEach((name, held) -> {
      if (!same(held, other.byName.get(name))) {
        out.accept(Hostname.of(name));
      }
    });
    other.byName.forEach((name, held) -> {
      if (!byName.containsKey(name)) {
        out.accept(Hostname.of(name));
      }
    });
  }

  private static boolean same(Object held, @Nullable Object other) {
    if (held instanceof Held one) {
      return one.equals(other);
    }
    return other instanceof Held[] many && ((Held[]) held).length == many.length
        && new HashSet<>(Arrays.asList((Held[]) held)).equals(new HashSet<>(Arrays.asList(many)));
  }

  // A read keeps every set (types dnsguard does not know all map to OTHER); a write replaces its type's.
  private void put(RecordSet given, boolean replace) {
    Held set = Held.of(interned(given));
    String name = given.name().value();
    Object held = byName.get(name);
    if (held == null) {
      byName.put(name, set);
      sets++;
    } else if (held instanceof Held one) {
      if (replace && one.type() == set.type()) {
        byName.put(name, set);
      } else {
        byName.put(name, new Held[] {one, set});
        sets++;
      }
    } else {
      Held[] many = (Held[]) held;
      for (int i = 0; replace && i < many.length; i++) {
        if (many[i].type() == set.type()) {
          many[i] = set;
          return;
        }
      }
      Held[] more = Arrays.copyOf(many, many.length + 1);
      more[many.length] = set;
      byName.put(name, more);
      sets++;
    }
  }

  /**
   * The set with its TXT contents interned: an object's ownership record text is the same at each of
   * its names (2,000 names, one text), so a zone holds it once instead of once per name.
   */
  private static RecordSet interned(RecordSet set) {
    if (set.type() != RecordType.TXT) {
      return set;
    }
    List<String> values = set.values();
    boolean already = true;
    String[] same = new String[values.size()];
    for (int i = 0; i < same.length; i++) {
      same[i] = values.get(i).intern();
      already &= same[i] == values.get(i);
    }
    return already ? set : set.withValues(List.of(same));
  }

  private void remove(RecordSet set) {
    String name = set.name().value();
    Object held = byName.get(name);
    if (held instanceof Held one) {
      if (one.type() == set.type()) {
        byName.remove(name);
        sets--;
      }
    } else if (held instanceof Held[] many) {
      List<Held> left = new ArrayList<>(many.length);
      for (Held s : many) {
        if (s.type() != set.type()) {
          left.add(s);
        }
      }
      if (left.size() < many.length) {
        sets--;
        byName.put(name, left.size() == 1 ? left.getFirst() : left.toArray(Held[]::new));
      }
    }
  }

  // The name's text is canonical (a Hostname's value): parsed again only to make the Hostname.
  private static void addTo(List<RecordSet> out, String name, Object held) {
    Hostname hostname = Hostname.of(name);
    if (held instanceof Held one) {
      out.add(one.set(hostname));
    } else {
      for (Held one : (Held[]) held) {
        out.add(one.set(hostname));
      }
    }
  }
}
