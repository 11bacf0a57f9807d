package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The in-cluster claims: hostname → the objects that claim it, in a trie of reversed labels ({@code
 * com → example → api}), so exact names, covering wildcards and names below a wildcard are found in
 * time proportional to the number of labels, not of names.
 *
 * <p>Compact by design (≈ 200-250 bytes per name at 100k, see BENCHMARKS-policies.md): labels are
 * ASCII {@code byte[]}, children live in one open-addressing array per node (no HashMap per node),
 * a claim is a small {@link Entry} shared by all names of its object with the uid as two longs, and
 * a single claim is stored without a wrapping array. Each inner node keeps per-namespace claim counts
 * of its subtree, so "does another namespace own anything below *.Z?" prunes whole subtrees.
 *
 * <p>Concurrency: one writer at a time ({@code synchronized} updates, as an informer delivers them);
 * any number of lock-free readers. Writers publish with release semantics and never mutate an array
 * a reader may hold, except for child slots, which are written and read with release/acquire; so a
 * reader sees each name either before or after an update, never half-built.
 *
 * <p>Pending claims: the webhook admits an object tens of milliseconds before its informer delivers
 * it. {@link #hold} records the admitted claims as <em>pending</em> (with an expiry) under the
 * writer lock, after a check that runs under the same lock, so two reviews for one name cannot both
 * pass. Pending claims live in the same trie and every query of the index sees them like live ones;
 * {@link #live()} and {@link #pending()} are views that see one kind only. A pending claim ends when
 * the informer delivers its object with those names, when {@link #release} drops it (the admission
 * failed later) or when it expires.
 */
public final class ClaimIndex implements ClusterView {

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Node[].class);
  private static final Node TOMBSTONE = new Node(new byte[0], null);
  private static final SourceKind[] KINDS = SourceKind.values();
  private static final int NO_NAMESPACE = -1;

  private final Node root = new Node(new byte[0], null);
  private final HashMap<Entry, Entry> objects = new HashMap<>(); // guarded by this
  private final ConcurrentHashMap<String, Integer> namespaceIds = new ConcurrentHashMap<>();
  private volatile String[] namespaceNames = new String[16];
  private final ConcurrentHashMap<String, Map<String, String>> namespaceLabels = new ConcurrentHashMap<>();
  private volatile int names;
  private final HashMap<Entry, Instant> pendingExpiry = new HashMap<>(); // guarded by this
  private volatile int pendingObjects;
  private final ClusterView liveView = new View(Mode.LIVE);
  private final ClusterView pendingView = new View(Mode.PENDING);

  /** Which claims a query sees. */
  private enum Mode { ALL, LIVE, PENDING }

  // ------------------------------------------------------------------ writes (one writer)

  /** Replaces everything {@code extraction.object()} claims with its current claims. */
  public void put(Extraction extraction) {
    put(extraction.object(), extraction.claims().stream().map(Claim::hostname).toList());
  }

  /**
   * Replaces the claims of {@code ref} (same kind/namespace/name) with {@code hostnames}. A pending
   * claim of the object ends here if the object now claims all its names (the informer has seen
   * the admitted version).
   */
  public synchronized void put(ObjectRef ref, Collection<Hostname> hostnames) {
    removeInternal(ref, false);
    Set<Hostname> distinct = new LinkedHashSet<>(hostnames);
    @Nullable Entry heldEntry = pendingObjects == 0 ? null : pendingEntry(ref);
    if (heldEntry != null && distinct.containsAll(heldEntry.hostnames)) {
      release(ref);
    }
    add(ref, distinct, false);
  }

  /**
   * Holds {@code hostnames} as pending claims of {@code ref} until {@code expiresAt}, unless {@code
   * refusal} — run under the writer lock, so no other hold or update interleaves — has a reason to
   * refuse; then nothing is held and the reason is returned. A new hold replaces the object's
   * previous pending claims.
   */
  public synchronized <R> Optional<R> hold(ObjectRef ref, Collection<Hostname> hostnames, Instant expiresAt,
      Supplier<Optional<R>> refusal) {
    Optional<R> refused = refusal.get();
    if (refused.isPresent()) {
      return refused;
    }
    release(ref);
    Set<Hostname> distinct = new LinkedHashSet<>(hostnames);
    @Nullable Entry entry = add(ref, distinct, true);
    if (entry != null) {
      pendingExpiry.put(entry, expiresAt);
      pendingObjects = pendingExpiry.size();
    }
    return Optional.empty();
  }

  /** Drops the pending claims of {@code ref}; true if it had any. */
  public synchronized boolean release(ObjectRef ref) {
    @Nullable Entry entry = pendingObjects == 0 ? null : pendingEntry(ref);
    if (entry == null) {
      return false;
    }
    pendingExpiry.remove(entry);
    pendingObjects = pendingExpiry.size();
    return removeInternal(ref, true);
  }

  /** Drops pending claims whose expiry is not after {@code now}; returns how many objects. */
  public int expire(Instant now) {
    if (pendingObjects == 0) {
      return 0; // the common case needs no lock
    }
    synchronized (this) {
      List<ObjectRef> expired = new ArrayList<>();
      String[] namespaces = namespaceNames;
      pendingExpiry.forEach((entry, expiry) -> {
        if (!expiry.isAfter(now)) {
          expired.add(entry.ref(namespaces));
        }
      });
      expired.forEach(this::release);
      return expired.size();
    }
  }

  /** Number of objects with pending claims. */
  public int pendingCount() {
    return pendingObjects;
  }

  /** The index without pending claims: what the informers have delivered. */
  public ClusterView live() {
    return liveView;
  }

  /** Only the pending claims: admitted here, not yet delivered by the informers. */
  public ClusterView pending() {
    return pendingView;
  }

  private @Nullable Entry pendingEntry(ObjectRef ref) {
    @Nullable Integer nsId = namespaceIds.get(ref.namespace());
    return nsId == null ? null : objects.get(new Entry(ref, nsId, true));
  }

  private @Nullable Entry add(ObjectRef ref, Set<Hostname> distinct, boolean pending) {
    if (distinct.isEmpty()) {
      return null;
    }
    Entry entry = new Entry(ref, namespaceId(ref.namespace()), pending);
    if (pending) {
      entry.hostnames = Set.copyOf(distinct);
    }
    List<Object> placements = new ArrayList<>(distinct.size());
    for (Hostname hostname : distinct) {
      Node node = createPath(hostname.wildcardBase().value());
      if (hostname.isWildcard()) {
        node.wildcards = insert(node.wildcards, entry);
        placements.add(new WildcardAt(node));
      } else {
        node.claims = insert(node.claims, entry);
        placements.add(node);
      }
      adjustAncestorCounts(node, entry.nsId, +1);
    }
    entry.placements = placements.size() == 1 ? placements.getFirst() : placements.toArray();
    objects.put(entry, entry);
    names = names + distinct.size();
    return entry;
  }

  /**
   * Forgets every live claim of {@code ref}; true if it had any. Pending claims stay until they
   * expire: the delete may be of an older incarnation of a re-created object.
   */
  public synchronized boolean remove(ObjectRef ref) {
    return removeInternal(ref, false);
  }

  public void putNamespace(String namespace, Map<String, String> labels) {
    namespaceLabels.put(namespace, Map.copyOf(labels));
  }

  public void removeNamespace(String namespace) {
    namespaceLabels.remove(namespace);
  }

  /** Number of (object, hostname) claims indexed, pending ones included. */
  public int size() {
    return names;
  }

  // ------------------------------------------------------------------ reads (lock-free)

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    return namespaceLabels.getOrDefault(namespace, Map.of());
  }

  @Override
  public List<ObjectRef> claimsOn(Hostname name) {
    return claimsOn(name, Mode.ALL);
  }

  private List<ObjectRef> claimsOn(Hostname name, Mode mode) {
    @Nullable Node node = find(name.wildcardBase().value());
    if (node == null) {
      return List.of();
    }
    return foreign(name.isWildcard() ? node.wildcards : node.claims, NO_NAMESPACE, mode);
  }

  @Override
  public List<IndexedClaim> foreignWildcardsCovering(Hostname name, String namespace) {
    return foreignWildcardsCovering(name, namespace, Mode.ALL);
  }

  private List<IndexedClaim> foreignWildcardsCovering(Hostname name, String namespace, Mode mode) {
    String base = name.wildcardBase().value();
    int nsId = knownNamespaceId(namespace);
    List<IndexedClaim> found = List.of();
    Node node = root;
    int end = base.length();
    // Visit the proper ancestors of base: every node passed before its last label.
    while (end > 0) {
      int dot = base.lastIndexOf('.', end - 1);
      @Nullable Object wildcards = node.wildcards;
      if (wildcards != null && node != root) {
        for (ObjectRef owner : foreign(wildcards, nsId, mode)) {
          found = append(found, new IndexedClaim(Hostname.of("*." + nameOf(node)), owner));
        }
      }
      @Nullable Node child = child(node, base, dot + 1, end);
      if (child == null) {
        break;
      }
      node = child;
      end = dot;
    }
    return found;
  }

  @Override
  public Optional<IndexedClaim> firstForeignBelow(
      Hostname base, String namespace, Predicate<IndexedClaim> relevant) {
    return firstForeignBelow(base, namespace, relevant, Mode.ALL);
  }

  private Optional<IndexedClaim> firstForeignBelow(
      Hostname base, String namespace, Predicate<IndexedClaim> relevant, Mode mode) {
    @Nullable Node node = find(base.wildcardBase().value());
    if (node == null) {
      return Optional.empty();
    }
    return firstBelow(node, knownNamespaceId(namespace), relevant, mode);
  }

  private Optional<IndexedClaim> firstBelow(Node node, int nsId, Predicate<IndexedClaim> relevant, Mode mode) {
    if (!hasForeignCount(node.below, nsId)) {
      return Optional.empty();
    }
    @Nullable Children children = node.children;
    if (children == null) {
      return Optional.empty();
    }
    for (int i = 0; i < children.slots.length; i++) {
      Node child = (Node) SLOT.getAcquire(children.slots, i);
      if (child == null || child == TOMBSTONE) {
        continue;
      }
      for (ObjectRef owner : foreign(child.claims, nsId, mode)) {
        IndexedClaim claim = new IndexedClaim(Hostname.of(nameOf(child)), owner);
        if (relevant.test(claim)) {
          return Optional.of(claim);
        }
      }
      for (ObjectRef owner : foreign(child.wildcards, nsId, mode)) {
        IndexedClaim claim = new IndexedClaim(Hostname.of("*." + nameOf(child)), owner);
        if (relevant.test(claim)) {
          return Optional.of(claim);
        }
      }
      Optional<IndexedClaim> deeper = firstBelow(child, nsId, relevant, mode);
      if (deeper.isPresent()) {
        return deeper;
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ trie internals

  private @Nullable Node find(String name) {
    Node node = root;
    int end = name.length();
    while (end > 0) {
      int dot = name.lastIndexOf('.', end - 1);
      @Nullable Node child = child(node, name, dot + 1, end);
      if (child == null) {
        return null;
      }
      node = child;
      end = dot;
    }
    return node;
  }

  private static @Nullable Node child(Node node, String name, int start, int end) {
    @Nullable Children children = node.children;
    if (children == null) {
      return null;
    }
    Node[] slots = children.slots;
    int mask = slots.length - 1;
    for (int i = hash(name, start, end) & mask; ; i = (i + 1) & mask) {
      Node candidate = (Node) SLOT.getAcquire(slots, i);
      if (candidate == null) {
        return null;
      }
      if (candidate != TOMBSTONE && labelEquals(candidate.label, name, start, end)) {
        return candidate;
      }
    }
  }

  private Node createPath(String name) {
    Node node = root;
    int end = name.length();
    while (end > 0) {
      int dot = name.lastIndexOf('.', end - 1);
      @Nullable Node child = child(node, name, dot + 1, end);
      if (child == null) {
        byte[] label = name.substring(dot + 1, end).getBytes(StandardCharsets.US_ASCII);
        child = new Node(label, node);
        addChild(node, child);
      }
      node = child;
      end = dot;
    }
    return node;
  }

  private static void addChild(Node parent, Node child) {
    @Nullable Children children = parent.children;
    if (children == null || (children.size + children.tombstones + 1) * 4 > children.slots.length * 3) {
      children = rehash(children, children == null ? 1 : children.size + 1);
      parent.children = children; // publish the grown table before it gets the new child
    }
    Node[] slots = children.slots;
    int mask = slots.length - 1;
    for (int i = hash(child.label) & mask; ; i = (i + 1) & mask) {
      Node current = (Node) SLOT.getAcquire(slots, i);
      if (current == null || current == TOMBSTONE) {
        if (current == TOMBSTONE) {
          children.tombstones--;
        }
        SLOT.setRelease(slots, i, child);
        children.size++;
        return;
      }
    }
  }

  private static void removeChild(Node parent, Node child) {
    Children children = parent.children;
    if (children == null) {
      return;
    }
    Node[] slots = children.slots;
    for (int i = 0; i < slots.length; i++) {
      if (SLOT.getAcquire(slots, i) == child) {
        SLOT.setRelease(slots, i, TOMBSTONE);
        children.size--;
        children.tombstones++;
        break;
      }
    }
    if (children.size == 0) {
      parent.children = null;
    } else if (children.tombstones > children.size) {
      parent.children = rehash(children, children.size);
    }
  }

  private static Children rehash(@Nullable Children old, int liveCount) {
    int capacity = Math.max(4, Integer.highestOneBit(Math.max(1, liveCount * 2 - 1)) << 1);
    Node[] slots = new Node[capacity];
    if (old != null) {
      for (Node node : old.slots) {
        if (node != null && node != TOMBSTONE) {
          int i = hash(node.label) & (capacity - 1);
          while (slots[i] != null) {
            i = (i + 1) & (capacity - 1);
          }
          slots[i] = node;
        }
      }
    }
    Children fresh = new Children(slots);
    fresh.size = old == null ? 0 : old.size;
    return fresh;
  }

  private boolean removeInternal(ObjectRef ref, boolean pending) {
    @Nullable Integer nsId = namespaceIds.get(ref.namespace());
    if (nsId == null) {
      return false;
    }
    @Nullable Entry entry = objects.remove(new Entry(ref, nsId, pending));
    if (entry == null || entry.placements == null) {
      return false;
    }
    Object[] placements = entry.placements instanceof Object[] many ? many : new Object[] {entry.placements};
    for (Object placement : placements) {
      Node node;
      if (placement instanceof WildcardAt wildcard) {
        node = wildcard.node();
        node.wildcards = without(node.wildcards, entry);
      } else {
        node = (Node) placement;
        node.claims = without(node.claims, entry);
      }
      adjustAncestorCounts(node, entry.nsId, -1);
      prune(node);
    }
    names = names - placements.length;
    return true;
  }

  private void prune(Node node) {
    Node current = node;
    while (current != root && current.parent != null && current.claims == null && current.wildcards == null
        && current.children == null) {
      removeChild(current.parent, current);
      current = current.parent;
    }
  }

  private static void adjustAncestorCounts(Node node, int nsId, int delta) {
    for (Node ancestor = node.parent; ancestor != null; ancestor = ancestor.parent) {
      ancestor.below = adjusted(ancestor.below, nsId, delta);
    }
  }

  // below = [nsId, count, nsId, count, ...]; replaced, never mutated, so readers need no lock.
  private static int @Nullable [] adjusted(int @Nullable [] counts, int nsId, int delta) {
    if (counts != null) {
      for (int i = 0; i < counts.length; i += 2) {
        if (counts[i] == nsId) {
          int updated = counts[i + 1] + delta;
          if (updated > 0) {
            int[] copy = counts.clone();
            copy[i + 1] = updated;
            return copy;
          }
          if (counts.length == 2) {
            return null;
          }
          int[] shrunk = new int[counts.length - 2];
          System.arraycopy(counts, 0, shrunk, 0, i);
          System.arraycopy(counts, i + 2, shrunk, i, counts.length - i - 2);
          return shrunk;
        }
      }
    }
    if (delta <= 0) {
      return counts;
    }
    int[] grown = counts == null ? new int[2] : Arrays.copyOf(counts, counts.length + 2);
    grown[grown.length - 2] = nsId;
    grown[grown.length - 1] = delta;
    return grown;
  }

  private static boolean hasForeignCount(int @Nullable [] counts, int nsId) {
    if (counts == null) {
      return false;
    }
    for (int i = 0; i < counts.length; i += 2) {
      if (counts[i] != nsId && counts[i + 1] > 0) {
        return true;
      }
    }
    return false;
  }

  // Entry | Entry[] kept in claim order; a new array on every change.
  private static Object insert(@Nullable Object claims, Entry entry) {
    if (claims == null) {
      return entry;
    }
    Entry[] current = claims instanceof Entry single ? new Entry[] {single} : (Entry[]) claims;
    Entry[] grown = Arrays.copyOf(current, current.length + 1);
    grown[current.length] = entry;
    Arrays.sort(grown, ClaimIndex::claimOrder);
    return grown;
  }

  // ObjectRef.CLAIM_ORDER on the compact fields: creation time, then uid (empty last).
  private static int claimOrder(Entry a, Entry b) {
    int byTime = Long.compare(a.createdSeconds, b.createdSeconds);
    if (byTime != 0) {
      return byTime;
    }
    byTime = Integer.compare(a.createdNanos, b.createdNanos);
    if (byTime != 0) {
      return byTime;
    }
    String uidA = a.uid();
    String uidB = b.uid();
    return uidA.isEmpty() != uidB.isEmpty() ? (uidA.isEmpty() ? 1 : -1) : uidA.compareTo(uidB);
  }

  private static @Nullable Object without(@Nullable Object claims, Entry entry) {
    if (claims == null || claims == entry) {
      return null;
    }
    if (claims instanceof Entry) {
      return claims;
    }
    Entry[] current = (Entry[]) claims;
    Entry[] kept = Arrays.stream(current).filter(e -> e != entry).toArray(Entry[]::new);
    return kept.length == 1 ? kept[0] : kept;
  }

  private List<ObjectRef> foreign(@Nullable Object claims, int nsId, Mode mode) {
    if (claims == null) {
      return List.of();
    }
    String[] namespaces = namespaceNames;
    if (claims instanceof Entry single) {
      return single.nsId == nsId || !single.seenBy(mode) ? List.of() : List.of(single.ref(namespaces));
    }
    List<ObjectRef> refs = new ArrayList<>(2);
    for (Entry entry : (Entry[]) claims) {
      if (entry.nsId != nsId && entry.seenBy(mode)) {
        refs.add(entry.ref(namespaces));
      }
    }
    return refs;
  }

  private int namespaceId(String namespace) {
    @Nullable Integer id = namespaceIds.get(namespace);
    if (id != null) {
      return id;
    }
    int next = namespaceIds.size();
    String[] current = namespaceNames;
    String[] grown = next < current.length ? current.clone() : Arrays.copyOf(current, current.length * 2);
    grown[next] = namespace;
    namespaceNames = grown; // published before any entry that uses the id
    namespaceIds.put(namespace, next);
    return next;
  }

  private int knownNamespaceId(String namespace) {
    @Nullable Integer id = namespaceIds.get(namespace);
    return id == null ? NO_NAMESPACE : id;
  }

  private static String nameOf(Node node) {
    StringBuilder name = new StringBuilder();
    for (Node n = node; n != null && n.parent != null; n = n.parent) {
      if (!name.isEmpty()) {
        name.append('.');
      }
      name.append(new String(n.label, StandardCharsets.US_ASCII));
    }
    return name.toString();
  }

  private static List<IndexedClaim> append(List<IndexedClaim> list, IndexedClaim claim) {
    List<IndexedClaim> grown = list.isEmpty() ? new ArrayList<>(2) : list;
    grown.add(claim);
    return grown;
  }

  private static int hash(String name, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + name.charAt(i);
    }
    return mix(h);
  }

  private static int hash(byte[] label) {
    int h = 0;
    for (byte b : label) {
      h = 31 * h + b;
    }
    return mix(h);
  }

  /**
   * Murmur3's finaliser: labels like {@code host-41} and {@code host-42} differ by one in the
   * polynomial hash, which linear probing turns into long runs that every miss walks (measured:
   * label comparisons were 7% of a review). Both hash functions must end here alike.
   */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  private static boolean labelEquals(byte[] label, String name, int start, int end) {
    if (label.length != end - start) {
      return false;
    }
    for (int i = 0; i < label.length; i++) {
      if (label[i] != name.charAt(start + i)) {
        return false;
      }
    }
    return true;
  }

  /** One trie node = one label. Fields are volatile: the writer replaces, readers read once. */
  private static final class Node {
    final byte[] label;
    final @Nullable Node parent;
    volatile @Nullable Children children;
    volatile @Nullable Object claims; // Entry | Entry[]: claims of this exact name
    volatile @Nullable Object wildcards; // Entry | Entry[]: claims of "*." + this name
    volatile int @Nullable [] below; // per-namespace claim counts strictly below this name

    Node(byte[] label, @Nullable Node parent) {
      this.label = label;
      this.parent = parent;
    }
  }

  /** Open-addressing child table; sizes are writer-only bookkeeping. */
  private static final class Children {
    final Node[] slots;
    int size;
    int tombstones;

    Children(Node[] slots) {
      this.slots = slots;
    }
  }

  private record WildcardAt(Node node) {}

  /** The index seen through one {@link Mode}. */
  private final class View implements ClusterView {
    private final Mode mode;

    View(Mode mode) {
      this.mode = mode;
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
      return ClaimIndex.this.namespaceLabels(namespace);
    }

    @Override
    public List<ObjectRef> claimsOn(Hostname name) {
      return ClaimIndex.this.claimsOn(name, mode);
    }

    @Override
    public List<IndexedClaim> foreignWildcardsCovering(Hostname name, String namespace) {
      return ClaimIndex.this.foreignWildcardsCovering(name, namespace, mode);
    }

    @Override
    public Optional<IndexedClaim> firstForeignBelow(Hostname base, String namespace, Predicate<IndexedClaim> relevant) {
      return ClaimIndex.this.firstForeignBelow(base, namespace, relevant, mode);
    }
  }

  /**
   * One object's identity and claim order, shared by all its names. Equality is the object identity
   * (kind, namespace, name) and whether the claims are pending, so a map keyed by it finds the
   * previous version on update, and an object's pending claims sit beside its live ones.
   */
  private static final class Entry {
    final byte kind;
    final int nsId;
    final boolean pending;
    Set<Hostname> hostnames = Set.of(); // pending entries only: to know when the informer caught up
    final String name;
    final long uidHigh;
    final long uidLow;
    final @Nullable String uidText; // set when the uid is not a canonical UUID
    final long createdSeconds; // Long.MAX_VALUE: not created yet
    final int createdNanos;
    @Nullable Object placements; // writer only: Node | WildcardAt | Object[]

    Entry(ObjectRef ref, int nsId, boolean pending) {
      this.kind = (byte) ref.kind().ordinal();
      this.nsId = nsId;
      this.pending = pending;
      this.name = ref.name();
      @Nullable UUID uuid = canonicalUuid(ref.uid());
      this.uidHigh = uuid == null ? 0 : uuid.getMostSignificantBits();
      this.uidLow = uuid == null ? 0 : uuid.getLeastSignificantBits();
      this.uidText = uuid == null ? ref.uid() : null;
      Instant created = ref.creationTimestamp();
      this.createdSeconds = created == null ? Long.MAX_VALUE : created.getEpochSecond();
      this.createdNanos = created == null ? 0 : created.getNano();
    }

    ObjectRef ref(String[] namespaces) {
      Instant created = createdSeconds == Long.MAX_VALUE ? null : Instant.ofEpochSecond(createdSeconds, createdNanos);
      return new ObjectRef(KINDS[kind], namespaces[nsId], name, uid(), created);
    }

    boolean seenBy(Mode mode) {
      return switch (mode) {
        case ALL -> true;
        case LIVE -> !pending;
        case PENDING -> pending;
      };
    }

    String uid() {
      return uidText != null ? uidText : new UUID(uidHigh, uidLow).toString();
    }

    private static @Nullable UUID canonicalUuid(String uid) {
      if (uid.length() != 36) {
        return null;
      }
      try {
        UUID uuid = UUID.fromString(uid);
        return uuid.toString().equals(uid) ? uuid : null;
      } catch (IllegalArgumentException notUuid) {
        return null;
      }
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Entry other && kind == other.kind && nsId == other.nsId && pending == other.pending
          && name.equals(other.name);
    }

    @Override
    public int hashCode() {
      return ((kind * 31 + nsId) * 31 + name.hashCode()) * 2 + (pending ? 1 : 0);
    }
  }
}
