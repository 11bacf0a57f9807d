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
 * without a list. Used by the sync thread only.
 */
final class CachedZone {
  private static final RecordType[] TYPES = RecordType.values();

  // A RecordSet, or a RecordSet[] when the name holds more than one type.
  private final HashMap<String, Object> byName;
  private int sets;

  CachedZone(Collection<RecordSet> read) {
    byName = HashMap.newHashMap(read.size());
    read.forEach(set -> put(set, false));
  }

  /** Every set, in no particular order (a full sync plans them all). */
  List<RecordSet> all() {
    List<RecordSet> out = new ArrayList<>(sets);
    byName.values().forEach(held -> addTo(out, held));
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
        addTo(out, held);
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
        out.accept(nameOf(held));
      }
    });
    other.byName.forEach((name, held) -> {
      if (!byName.containsKey(name)) {
        out.accept(nameOf(held));
      }
    });
  }

  private static boolean same(Object held, @Nullable Object other) {
    if (held instanceof RecordSet one) {
      return one.equals(other);
    }
    return other instanceof RecordSet[] many && ((RecordSet[]) held).length == many.length
        && new HashSet<>(Arrays.asList((RecordSet[]) held)).equals(new HashSet<>(Arrays.asList(many)));
  }

  private static Hostname nameOf(Object held) {
    return held instanceof RecordSet one ? one.name() : ((RecordSet[]) held)[0].name();
  }

  // A read keeps every set (types dnsguard does not know all map to OTHER); a write replaces its type's.
  private void put(RecordSet given, boolean replace) {
    RecordSet set = interned(given);
    String name = set.name().value();
    Object held = byName.get(name);
    if (held == null) {
      byName.put(name, set);
      sets++;
    } else if (held instanceof RecordSet one) {
      if (replace && one.type() == set.type()) {
        byName.put(name, set);
      } else {
        byName.put(name, new RecordSet[] {one, set});
        sets++;
      }
    } else {
      RecordSet[] many = (RecordSet[]) held;
      for (int i = 0; replace && i < many.length; i++) {
        if (many[i].type() == set.type()) {
          many[i] = set;
          return;
        }
      }
      RecordSet[] more = Arrays.copyOf(many, many.length + 1);
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
    if (held instanceof RecordSet one) {
      if (one.type() == set.type()) {
        byName.remove(name);
        sets--;
      }
    } else if (held instanceof RecordSet[] many) {
      List<RecordSet> left = new ArrayList<>(many.length);
      for (RecordSet s : many) {
        if (s.type() != set.type()) {
          left.add(s);
        }
      }
      if (left.size() < many.length) {
        sets--;
        byName.put(name, left.size() == 1 ? left.getFirst() : left.toArray(RecordSet[]::new));
      }
    }
  }

  private static void addTo(List<RecordSet> out, Object held) {
    if (held instanceof RecordSet one) {
      out.add(one);
    } else {
      out.addAll(List.of((RecordSet[]) held));
    }
  }
}
