package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One zone's record sets as cached between syncs, by name, so that a sync for a few changed names
 * takes just the sets that decide those names (the names' own and their ownership records') instead
 * of the whole zone. Keyed by the canonical name text: one table slot per name, a one-set name held
 * without a list. Held flat ({@link Held}): a set is made again from its name's text when it is
 * read — at 50k names (A and ownership TXT each), RecordSets in a HashMap took ~460 B a name, this ~120 B.
 * Used by the sync thread only.
 */
final class CachedZone {
  private static final int MIN_SLOTS = 16;

  // Open addressing, linear probing, over two arrays: a name's canonical text as bytes (ASCII: a
  // Hostname's value), and what it holds there — a Held, or a Held[] when it holds more than one type.
  // Neither a map node nor a String per name.
  private byte[] @Nullable [] keys;
  private @Nullable Object[] held;
  private int names;
  private int sets;
  // Names under the zone are keyed by what precedes ".zone" (the apex by nothing), others whole after
  // a '.' (no canonical name starts with one). Null: every name whole.
  private final @Nullable String zone;
  // One instance per TXT set held: an object's ownership record is the same set at each of its names.
  private final HashMap<One, One> texts = new HashMap<>();

  /** A zone's sets, each name keyed whole. */
  CachedZone(Collection<RecordSet> read) {
    this(null, read);
  }

  /** Zone {@code zone}'s sets: its names keyed by what precedes the zone's name (~24 B less a name). */
  CachedZone(@Nullable Hostname zone, Collection<RecordSet> read) {
    this.zone = zone == null ? null : zone.value();
    int slots = MIN_SLOTS;
    while (slots * 3 < read.size() * 4) { // at most 3/4 full
      slots <<= 1;
    }
    keys = new byte[slots][];
    held = new Object[slots];
    read.forEach(set -> put(set, false));
  }

  /**
   * One set without its name (the table's key): an IPv4 address set of one address as the address's
   * 32 bits (and its TTL unless 300 s), any other one-value set without properties as its type, TTL
   * and value, else the set. Deterministic: equal sets are held as equal values.
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
        long address = Address.bits(value);
        if (address >= 0) {
          return ttl == Address.TTL ? new Address((int) address) : new TimedAddress(ttl, (int) address);
        }
      }
      return new One(set.type(), ttl, value);
    }
  }

  /** An A set of one address with the TTL most sets have (external-dns's and dnsguard's default). */
  private record Address(int bits) implements Held {
    static final int TTL = 300;

    @Override
    public RecordType type() {
      return RecordType.A;
    }

    @Override
    public RecordSet set(Hostname name) {
      return RecordSet.of(name, RecordType.A, TTL, List.of(text(bits)));
    }

    /**
     * The 32 bits of a canonical dotted quad (four decimal octets, none over 255, no leading zero),
     * or -1 for any other text: A values are canonical (RecordSet), and anything else would read
     * back different, so it is not held as bits.
     */
    static long bits(String quad) {
      long bits = 0;
      int octet = 0;
      int digits = 0;
      int dots = 0;
      for (int i = 0; i < quad.length(); i++) {
        char c = quad.charAt(i);
        if (c == '.' && digits > 0 && dots < 3) {
          bits = bits << 8 | octet;
          octet = 0;
          digits = 0;
          dots++;
        } else if (c >= '0' && c <= '9' && (digits == 0 || octet > 0) && (octet = octet * 10 + c - '0') <= 255) {
          digits++;
        } else {
          return -1;
        }
      }
      return digits > 0 && dots == 3 ? bits << 8 | octet : -1;
    }

    static String text(int bits) {
      return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
    }
  }

  private record TimedAddress(int ttl, int bits) implements Held {
    @Override
    public RecordType type() {
      return RecordType.A;
    }

    @Override
    public RecordSet set(Hostname name) {
      return RecordSet.of(name, RecordType.A, ttl, List.of(Address.text(bits)));
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
    for (int i = 0; i < keys.length; i++) {
      byte[] key = keys[i];
      if (key != null) {
        addTo(out, name(key), Objects.requireNonNull(held[i]));
      }
    }
    return out;
  }

  /** Every name the zone holds a set at, in no particular order. */
  void names(Consumer<Hostname> out) {
    for (byte[] key : keys) {
      if (key != null) {
        out.accept(Hostname.of(name(key)));
      }
    }
  }

  /**
   * The sets that decide {@code names}: those at each name, and at every ownership record name the
   * name has under {@code mapper} (either format, each type a name can be read back with), the way {@link
   * io.openova.dnsguard.policies.ownership.ZoneOwnership} reads them.
   */
  List<RecordSet> deciding(Collection<Hostname> names, TxtNameMapper mapper) {
    // Most of the names asked for hold nothing (a name has one or two of its nine): only the slots
    // found are remembered, each once.
    Set<Integer> found = new HashSet<>();
    List<RecordSet> out = new ArrayList<>();
    for (Hostname name : names) {
      addFound(out, found, name.value());
      addFound(out, found, mapper.toTxtName(name, RecordType.A, TxtFormat.OLD));
      for (RecordType type : TxtNameMapper.TYPED) {
        addFound(out, found, mapper.toTxtName(name, type, TxtFormat.NEW));
      }
    }
    return out;
  }

  private void addFound(List<RecordSet> out, Set<Integer> found, String name) {
    int slot = slot(name);
    Object at = held[slot];
    if (at != null && found.add(slot)) {
      addTo(out, name, at);
    }
  }

  /** Writes {@code plan}'s changes through, as the provider now holds them. */
  void apply(Plan plan) {
    // Room for every name the plan may add, made at once: a first sync into an empty zone would
    // otherwise double the table a dozen times on its way to tens of thousands of names.
    resize(names + (int) plan.changes().stream().filter(Change.Create.class::isInstance).count());
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
    for (int i = 0; i < keys.length; i++) {
      byte[] key = keys[i];
      if (key != null && !same(Objects.requireNonNull(held[i]), other.get(name(key)))) {
        out.accept(Hostname.of(name(key)));
      }
    }
    for (int i = 0; i < other.keys.length; i++) {
      byte[] key = other.keys[i];
      if (key != null && get(other.name(key)) == null) {
        out.accept(Hostname.of(other.name(key)));
      }
    }
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
    Held set = shared(Held.of(interned(given)));
    String name = given.name().value();
    int slot = slot(name);
    Object at = held[slot];
    if (at == null) {
      if ((names + 1) * 4 > keys.length * 3) {
        resize(names + 1);
        slot = slot(name);
      }
      keys[slot] = key(name);
      held[slot] = set;
      names++;
      sets++;
    } else if (at instanceof Held one) {
      if (replace && one.type() == set.type()) {
        held[slot] = set;
      } else {
        held[slot] = new Held[] {one, set};
        sets++;
      }
    } else {
      Held[] many = (Held[]) at;
      for (int i = 0; replace && i < many.length; i++) {
        if (many[i].type() == set.type()) {
          many[i] = set;
          return;
        }
      }
      Held[] more = Arrays.copyOf(many, many.length + 1);
      more[many.length] = set;
      held[slot] = more;
      sets++;
    }
  }

  private Held shared(Held set) {
    if (set instanceof One one && one.type() == RecordType.TXT) {
      One known = texts.putIfAbsent(one, one);
      return known == null ? one : known;
    }
    return set;
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
    int slot = slot(set.name().value());
    Object at = held[slot];
    if (at instanceof Held one) {
      if (one.type() == set.type()) {
        vacate(slot);
        sets--;
      }
    } else if (at instanceof Held[] many) {
      List<Held> left = new ArrayList<>(many.length);
      for (Held s : many) {
        if (s.type() != set.type()) {
          left.add(s);
        }
      }
      if (left.size() < many.length) {
        sets--;
        held[slot] = left.size() == 1 ? left.getFirst() : left.toArray(Held[]::new);
      }
    }
  }

  private @Nullable Object get(String name) {
    return held[slot(name)];
  }

  // The slot of name's key (see key()), or the empty slot where it would go, read from the text
  // itself: a look-up makes no key bytes (most look-ups miss).
  private int slot(String name) {
    String under = zone;
    int end = name.length();
    boolean dot = false;
    if (under != null) {
      int cut = name.length() - under.length() - 1;
      if (name.equals(under)) {
        end = 0;
      } else if (cut > 0 && name.charAt(cut) == '.' && name.endsWith(under)) {
        end = cut;
      } else {
        dot = true;
      }
    }
    int hash = dot ? 31 + '.' : 1;
    for (int i = 0; i < end; i++) {
      char c = name.charAt(i);
      if (c > 0x7f) {
        return slot(key(name)); // a key's bytes are UTF-8: only ASCII reads the same from the text
      }
      hash = 31 * hash + c;
    }
    int mask = keys.length - 1;
    int i = home(hash, mask);
    for (byte[] key = keys[i]; key != null && !sameKey(key, name, end, dot); key = keys[i]) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private static boolean sameKey(byte[] key, String name, int end, boolean dot) {
    int offset = dot ? 1 : 0;
    if (key.length != end + offset || dot && key[0] != '.') {
      return false;
    }
    for (int i = 0; i < end; i++) {
      if (key[i + offset] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  // The slot holding name, or the empty slot where it would go.
  private int slot(byte[] name) {
    int mask = keys.length - 1;
    int i = home(name, mask);
    for (byte[] key = keys[i]; key != null && !Arrays.equals(key, name); key = keys[i]) {
      i = (i + 1) & mask;
    }
    return i;
  }

  // Fibonacci hashing: the hash times 2^32/φ, its top bits. Names of one pattern (h00000…h49999 and
  // their ownership records') have polynomial hashes in a few narrow runs, which the low bits kept
  // in clusters: 6 probes to place a name and 32 to miss one at 50k names, against 1.4 and 3.5 so.
  private static int home(byte[] name, int mask) {
    return home(Arrays.hashCode(name), mask);
  }

  private static int home(int hash, int mask) {
    return (hash * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask);
  }

  // Empties a slot, moving back the names after it that would no longer be found (Knuth's algorithm R).
  private void vacate(int slot) {
    int mask = keys.length - 1;
    int free = slot;
    keys[free] = null;
    held[free] = null;
    names--;
    for (int i = (free + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
      int home = home(Objects.requireNonNull(keys[i]), mask);
      boolean reachable = free <= i ? free < home && home <= i : free < home || home <= i;
      if (!reachable) {
        keys[free] = keys[i];
        held[free] = held[i];
        keys[i] = null;
        held[i] = null;
        free = i;
      }
    }
  }

  // At most 3/4 full with count names: the table doubled as often as that takes, its names placed again once.
  private void resize(int count) {
    int slots = keys.length;
    while (count * 4L > slots * 3L) {
      slots <<= 1;
    }
    if (slots == keys.length) {
      return;
    }
    byte[] @Nullable [] oldKeys = keys;
    @Nullable Object[] oldHeld = held;
    keys = new byte[slots][];
    held = new Object[slots];
    for (int i = 0; i < oldKeys.length; i++) {
      byte[] key = oldKeys[i];
      if (key != null) {
        int slot = slot(key);
        keys[slot] = key;
        held[slot] = oldHeld[i];
      }
    }
  }

  private byte[] key(String name) {
    String under = zone;
    if (under == null) {
      return name.getBytes(StandardCharsets.UTF_8);
    }
    if (name.equals(under)) {
      return new byte[0];
    }
    int cut = name.length() - under.length() - 1;
    if (cut > 0 && name.charAt(cut) == '.' && name.endsWith(under)) {
      return name.substring(0, cut).getBytes(StandardCharsets.UTF_8);
    }
    return ('.' + name).getBytes(StandardCharsets.UTF_8);
  }

  private String name(byte[] key) {
    String under = zone;
    if (under == null) {
      return new String(key, StandardCharsets.UTF_8);
    }
    if (key.length == 0) {
      return under;
    }
    return key[0] == '.' ? new String(key, 1, key.length - 1, StandardCharsets.UTF_8)
        : new String(key, StandardCharsets.UTF_8) + "." + under;
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
