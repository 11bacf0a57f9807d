package io.openova.dnsguard.reconciler.loop;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.policies.ownership.IndexedClaim;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Each object's decision as the last sync made it, kept so that a sync for changes re-decides only
 * the objects the changes touch: the changed ones and their competitors. An object is changed when
 * it is new, gone, or its resourceVersion differs from the one decided on. Used by the sync thread
 * only.
 */
final class DecisionMemory {

  /** What identifies an object across versions (a re-created object is the same object). */
  record Key(String group, String kind, String namespace, String name) {
    static Key of(HasMetadata object) {
      String apiVersion = object.getApiVersion() == null ? "" : object.getApiVersion();
      String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      return new Key(group, Objects.toString(object.getKind(), ""),
          Objects.toString(object.getMetadata().getNamespace(), ""), Objects.toString(object.getMetadata().getName(), ""));
    }

    static Key of(ObjectRef ref) {
      SourceKind kind = ref.kind();
      return new Key(kind.group(), kind.kind(), ref.namespace(), ref.name());
    }
  }

  /**
   * One object as last decided. Its claims are not kept (at 50k names they weigh ~160 B a name):
   * they are read again from the object as it was, when it changes or competes.
   *
   * @param object the version decided on
   * @param decision the verdict (an allowed one without its claims), null when it claims nothing
   */
  record Entry(HasMetadata object, Decisions.@Nullable Verdict decision) {
    List<Hostname> names(Function<HasMetadata, @Nullable Extraction> extract) {
      Extraction extraction = extract.apply(object);
      return extraction == null ? List.of() : extraction.claims().stream().map(Claim::hostname).toList();
    }
  }

  /** The objects a sync for changes re-decides, and the names it plans. */
  record Touched(List<HasMetadata> objects, Set<Hostname> names) {}

  private final Map<Key, Entry> entries = new LinkedHashMap<>();

  /** Forgets everything: the next sync for changes finds every object new. */
  void clear() {
    entries.clear();
  }

  /**
   * What changed since the last sync, and what that touches: the changed objects and every object
   * that competes with them for a name (claims the same name, a wildcard covering it, a name below
   * it), and the names of all of them, old and new. Gone objects are forgotten here.
   *
   * @param drifted names whose records changed in DNS since the last sync: their claimants and
   *     competitors are decided again as well
   * @param extract the object's claims now (null when it claims nothing)
   */
  Touched touched(List<HasMetadata> objects, ClusterView claims, Set<Hostname> drifted,
      Function<HasMetadata, @Nullable Extraction> extract) {
    Map<Key, HasMetadata> now = new LinkedHashMap<>();
    objects.forEach(object -> now.put(Key.of(object), object));
    Set<Hostname> names = new LinkedHashSet<>(drifted);
    Map<Key, HasMetadata> redecide = new LinkedHashMap<>();
    for (Map.Entry<Key, HasMetadata> e : now.entrySet()) {
      String version = e.getValue().getMetadata().getResourceVersion();
      @Nullable Entry before = entries.get(e.getKey());
      if (before == null || version == null || !version.equals(before.object().getMetadata().getResourceVersion())) {
        redecide.put(e.getKey(), e.getValue());
        if (before != null) {
          names.addAll(before.names(extract));
        }
        @Nullable Extraction fresh = extract.apply(e.getValue());
        if (fresh != null) {
          fresh.claims().forEach(claim -> names.add(claim.hostname()));
        }
      }
    }
    for (Key gone : List.copyOf(entries.keySet())) {
      if (!now.containsKey(gone)) {
        Entry entry = entries.remove(gone);
        if (entry != null) {
          names.addAll(entry.names(extract));
        }
      }
    }
    if (names.isEmpty()) {
      return new Touched(List.copyOf(redecide.values()), names);
    }
    Set<Key> competitors = new LinkedHashSet<>();
    for (Hostname name : names) {
      competitors(name, claims, competitors);
    }
    for (Key key : competitors) {
      @Nullable HasMetadata object = now.get(key);
      if (object != null && redecide.putIfAbsent(key, object) == null) {
        @Nullable Entry before = entries.get(key);
        if (before != null) {
          names.addAll(before.names(extract));
        }
      }
    }
    return new Touched(List.copyOf(redecide.values()), names);
  }

  /** Who else may win or lose {@code name}: its claimants, wildcards covering it, claims below a wildcard. */
  private static void competitors(Hostname name, ClusterView claims, Set<Key> out) {
    claims.claimsOn(name).forEach(ref -> out.add(Key.of(ref)));
    // A namespace no object has: every namespace's wildcards and names count.
    claims.foreignWildcardsCovering(name, "").forEach(wildcard -> out.add(Key.of(wildcard.owner())));
    if (name.isWildcard()) {
      claims.firstForeignBelow(name.wildcardBase(), "", (IndexedClaim below) -> {
        out.add(Key.of(below.owner()));
        return false;
      });
    }
  }

  /** Keeps {@code object}'s new decision. */
  void put(HasMetadata object, Decisions.@Nullable Verdict decision) {
    Key key = Key.of(object);
    Decisions.@Nullable Verdict slim = decision instanceof Decisions.Allowed allowed
        ? new Decisions.Allowed(object, new Extraction(allowed.extraction().object(), List.of(), allowed.extraction().problems()))
        : decision;
    entries.put(key, new Entry(object, slim));
  }

  /** Every object's kept decision, in the order objects were first seen. */
  Decisions decisions() {
    List<Decisions.Allowed> allowed = new ArrayList<>();
    List<Decisions.Denied> denied = new ArrayList<>();
    for (Entry entry : entries.values()) {
      switch (entry.decision()) {
        case null -> { }
        case Decisions.Allowed a -> allowed.add(a);
        case Decisions.Denied d -> denied.add(d);
      }
    }
    return new Decisions(allowed, denied);
  }

  /**
   * The objects that claim one of {@code names} and were allowed, except {@code besides}, as they
   * were decided on (the kept verdict holds no claims: read them again with the object).
   */
  List<Decisions.Allowed> allowedClaiming(Collection<Hostname> names, ClusterView claims, Set<Key> besides) {
    Set<Key> keys = new LinkedHashSet<>();
    for (Hostname name : names) {
      claims.claimsOn(name).forEach(ref -> keys.add(Key.of(ref)));
    }
    List<Decisions.Allowed> out = new ArrayList<>();
    for (Key key : keys) {
      @Nullable Entry entry = besides.contains(key) ? null : entries.get(key);
      if (entry != null && entry.decision() instanceof Decisions.Allowed allowed) {
        out.add(allowed);
      }
    }
    return out;
  }
}
