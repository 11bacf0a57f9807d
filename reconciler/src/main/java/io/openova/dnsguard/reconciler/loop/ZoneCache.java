package io.openova.dnsguard.reconciler.loop;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.registry.OwnershipRecordName;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.provider.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the managed zones hold between syncs, so that a sync triggered by one changed object plans
 * against memory instead of re-reading every zone (at 10k names one PowerDNS zone is 3.6 MB).
 *
 * <p>A zone is read when it is not cached, on every full resync ({@link #forgetAll()}: drift made
 * by hand or by another writer is seen within one resync interval), and after a batch that failed
 * part-way (what was applied is then unknown). After a batch that was applied, the cached sets are
 * updated with exactly what it wrote (write-through). Record sets are compared in the provider's
 * spelling ({@link io.openova.dnsguard.provider.DnsProvider#adjust}), so a set written
 * through equals the set a later read returns.
 *
 * <p>Between resyncs, a change another writer made to a name this owner plans for is not seen: the
 * window is the resync interval, which is also how long external-dns works from one read. The
 * planner still touches only sets whose cached ownership TXT is ours. Names about to be created are
 * checked first ({@link #changedUnder}): by the zone's SOA when the provider keeps a serial (one
 * small read says nobody wrote since our last read or write), else name by name or, for many
 * names, against one whole read. A sync for changes takes from a zone only the sets that decide
 * its names ({@link CachedZone#deciding}). Used by the sync thread only (except {@link #readAhead}).
 */
final class ZoneCache {
  /**
   * Up to this many names are read one by one before they are created; more are checked against a
   * fresh read of the whole zone (PowerDNS: 2,000 names one by one took about 5 s, the whole 50k-name
   * zone about 1.4 s).
   */
  static final int NAMES_READ_ONE_BY_ONE = 64;

  private final DnsTarget target;
  private final Cache<Zone, CachedZone> zones = Caffeine.newBuilder().build();
  private final Set<Zone> readThisSync = new HashSet<>();
  private @Nullable List<Zone> managed;
  private volatile @Nullable CompletableFuture<Read> early;
  // What this owner applied while a read ahead ran: replayed onto it (the read may predate them).
  private final List<ZoneOutcome.Applied> appliedSinceReadAhead = new ArrayList<>();
  private final Map<Zone, RecordSet> knownSoa = new HashMap<>();
  private final Set<Zone> soaNotKept = new HashSet<>();

  /** Zones read ahead of the first sync, when their reading ended. */
  private record Read(List<Zone> managed, Map<Zone, Copy> copies, long endedNanos) {}

  /**
   * A zone read whole, as it is cached, and its SOA, which goes with exactly these records. Built on
   * the thread that read it: at 50k names that is a tenth of a second the sync thread does not spend.
   */
  private record Copy(CachedZone sets, @Nullable RecordSet soa) {
    static Copy of(Zone zone, List<RecordSet> read) {
      RecordSet soa = read.stream().filter(set -> set.type() == RecordType.SOA && set.name().equals(zone.name()))
          .findFirst().orElse(null);
      return new Copy(new CachedZone(zone.name(), read), soa);
    }
  }

  /** How old a read made ahead may be when the first sync starts; older, it is read again. */
  static final Duration EARLY_READ_KEPT = Duration.ofSeconds(30);

  ZoneCache(DnsTarget target) {
    this.target = target;
  }

  /**
   * The managed zones and their record sets: cached ones as they are, missing ones read, all
   * missing zones read in parallel (the provider serialises its writes, not its reads).
   */
  ZoneState state() {
    Map<Zone, List<RecordSet>> current = new LinkedHashMap<>();
    cached().forEach((zone, sets) -> current.put(zone, sets.all()));
    return new ZoneState(target, current);
  }

  /**
   * Like {@link #state()}, but each zone holds only the sets that decide {@code names} (see {@link
   * CachedZone#deciding}): what a sync for a few changed names plans against.
   */
  ZoneState state(Collection<Hostname> names, TxtNameMapper mapper) {
    Map<Zone, List<RecordSet>> current = new LinkedHashMap<>();
    cached().forEach((zone, sets) -> current.put(zone, sets.deciding(names, mapper)));
    return new ZoneState(target, current);
  }

  /**
   * Every name the managed zones hold records at (missing zones read), each ownership record's name
   * as the name it speaks for: with the names objects claim, what a full sync decides and plans.
   */
  Set<Hostname> names(TxtNameMapper mapper) {
    Set<Hostname> names = new HashSet<>();
    cached().values().forEach(zone -> zone.names(name -> names.add(spokenFor(name, mapper))));
    return names;
  }

  // An ownership record's name as the name it speaks for; any other name as it is.
  private static Hostname spokenFor(Hostname name, TxtNameMapper mapper) {
    return mapper.toEndpoint(name.value()).map(OwnershipRecordName::endpoint).orElse(name);
  }

  /**
   * Starts reading the managed zones now, on other threads, for the next full sync (start-up: while
   * the informers fill their caches; before a periodic resync: while syncs for changes go on). What
   * this owner applies meanwhile is replayed onto the read. A read that fails is left for the sync
   * to do. Sync thread, or any thread before the first sync.
   *
   * @return the read, done when it ended (well or not)
   */
  CompletableFuture<?> readAhead() {
    CompletableFuture<Read> started = early;
    if (started != null) {
      return started;
    }
    started = CompletableFuture.supplyAsync(() -> {
      List<Zone> list = target.provider().zones().stream().filter(zone -> target.domains().admitsZone(zone.name())).toList();
      Map<Zone, Copy> copies = new LinkedHashMap<>();
      List<CompletableFuture<Copy>> reads = list.stream()
          .map(zone -> CompletableFuture.supplyAsync(() -> Copy.of(zone, target.provider().records(zone)), Thread::startVirtualThread))
          .toList();
      for (int i = 0; i < list.size(); i++) {
        copies.put(list.get(i), join(reads.get(i)));
      }
      return new Read(list, copies, System.nanoTime());
    }, Thread::startVirtualThread);
    early = started;
    return started;
  }

  // The read made ahead, once, when nothing is cached (a full sync) and it is recent: the zones it filled.
  private List<Zone> useReadAhead() {
    CompletableFuture<Read> ahead = early;
    if (ahead == null || managed != null || !zones.asMap().isEmpty()) {
      return List.of(); // kept for the full sync it was made for
    }
    early = null;
    List<ZoneOutcome.Applied> replay = List.copyOf(appliedSinceReadAhead);
    appliedSinceReadAhead.clear();
    Read read;
    try {
      read = ahead.join();
    } catch (RuntimeException failed) {
      return List.of(); // read again below, where a failure counts
    }
    if (System.nanoTime() - read.endedNanos() > EARLY_READ_KEPT.toNanos()) {
      return List.of();
    }
    managed = read.managed();
    read.copies().forEach(this::keep);
    replay.forEach(applied -> written(applied.zone(), applied.plan())); // idempotent where the read already had them
    return read.managed();
  }

  // A zone read whole: cached, and its SOA known to go with exactly these records.
  private void keep(Zone zone, Copy copy) {
    zones.put(zone, copy.sets());
    if (copy.soa() != null) {
      knownSoa.put(zone, copy.soa());
    } else {
      knownSoa.remove(zone);
    }
  }

  private Map<Zone, CachedZone> cached() {
    List<Zone> readAhead = useReadAhead();
    List<Zone> list = managed();
    List<Zone> missing = list.stream().filter(zone -> zones.getIfPresent(zone) == null).toList();
    readThisSync.clear();
    readThisSync.addAll(readAhead);
    readThisSync.addAll(missing);
    if (missing.size() == 1) {
      keep(missing.getFirst(), Copy.of(missing.getFirst(), target.provider().records(missing.getFirst())));
    } else if (!missing.isEmpty()) {
      List<CompletableFuture<Copy>> reads = missing.stream()
          .map(zone -> CompletableFuture.supplyAsync(() -> Copy.of(zone, target.provider().records(zone)), Thread::startVirtualThread))
          .toList();
      for (int i = 0; i < missing.size(); i++) {
        keep(missing.get(i), join(reads.get(i)));
      }
    }
    Map<Zone, CachedZone> current = new LinkedHashMap<>();
    for (Zone zone : list) {
      current.put(zone, zones.asMap().get(zone));
    }
    return current;
  }

  /** The zones as the provider lists them now, kept until the next full resync. */
  private List<Zone> managed() {
    List<Zone> list = managed;
    if (list == null) {
      list = target.provider().zones().stream().filter(zone -> target.domains().admitsZone(zone.name())).toList();
      managed = list;
    }
    return list;
  }

  /**
   * What a sync's writes to one zone may create, and what the cached copy holds there.
   *
   * @param names the names (records and their ownership records) that may be created
   * @param cached the cached sets at them
   */
  record Creations(Set<Hostname> names, Collection<RecordSet> cached) {}

  /**
   * The names among {@code creations} that hold records the cached copy did not know of, read now;
   * empty when the zone was read by this sync, or when its SOA says nobody wrote since our last read
   * or write ({@code creations} is then not asked for). Only creations are checked: they are where
   * another writer's new records would be overwritten. Checked once in a sync, before the first
   * part that creates something is written.
   *
   * @param wroteThisSync parts of this sync were written to the zone already: the SOA says nothing
   */
  List<String> changedUnder(Zone zone, Supplier<Creations> creations, boolean wroteThisSync) {
    if (readThisSync.contains(zone) || (!wroteThisSync && soaUnchanged(zone))) {
      return List.of();
    }
    Creations asked = creations.get();
    Set<Hostname> names = asked.names();
    if (names.isEmpty()) {
      return List.of();
    }
    Set<RecordSet> cached = new HashSet<>(asked.cached());
    List<RecordSet> now = names.size() <= NAMES_READ_ONE_BY_ONE
        ? target.provider().records(zone, names)
        : target.provider().records(zone).stream().filter(set -> names.contains(set.name())).toList();
    return now.stream()
        .filter(set -> !cached.contains(set))
        .map(set -> set.name().value())
        .distinct()
        .toList();
  }

  /**
   * A part of a zone's plan the provider applied, written through at once, while the sync's later
   * parts may still be with the provider (so that only the last part's is left when the last write
   * returns). What became of the whole plan follows in {@link #settled}.
   */
  void written(Zone zone, Plan part) {
    CachedZone cached = zones.getIfPresent(zone);
    if (cached != null) {
      cached.apply(part);
    }
  }

  /**
   * What became of a zone's plan, its applied parts already {@link #written}: a failure forgets the
   * zone (with what was written through of it).
   */
  void settled(ZoneOutcome outcome) {
    switch (outcome) {
      case ZoneOutcome.Unchanged unchanged -> { }
      case ZoneOutcome.Unsafe unsafe -> { } // nothing was sent
      case ZoneOutcome.Stale stale -> forget(stale.zone());
      case ZoneOutcome.Failed failed -> forget(failed.zone());
      case ZoneOutcome.Applied applied -> {
        if (early != null) {
          appliedSinceReadAhead.add(applied);
        }
        if (zones.getIfPresent(applied.zone()) != null) {
          soaAfterOwnWrite(applied.zone());
        }
      }
    }
  }

  /**
   * For a periodic resync: every managed zone read again (the read made ahead, if recent) in place
   * of its cached copy. Returns the names whose records the read shows changed since they were
   * cached — by hand or by another writer: drift — each ownership record's name as the name it
   * speaks for; null when there is nothing to compare with (a zone was not cached, or the managed
   * zones changed), and everything must be decided again.
   *
   * @throws io.openova.dnsguard.provider.ProviderException when a zone cannot be read (the cache is
   *     then empty: the next sync reads every zone)
   */
  @Nullable Set<Hostname> reread(TxtNameMapper mapper) {
    Map<Zone, CachedZone> before = new LinkedHashMap<>(zones.asMap());
    @Nullable List<Zone> managedBefore = managed;
    forgetAll();
    Map<Zone, CachedZone> after = cached();
    if (managedBefore == null || !managedBefore.equals(managed) || !before.keySet().equals(after.keySet())) {
      return null;
    }
    Set<Hostname> drifted = new HashSet<>();
    after.forEach((zone, now) -> now.differences(Objects.requireNonNull(before.get(zone)),
        name -> drifted.add(spokenFor(name, mapper))));
    return drifted;
  }

  /** Everything is read again by the next sync: a full resync, leadership gained. */
  void forgetAll() {
    managed = null;
    zones.invalidateAll();
    knownSoa.clear();
    soaNotKept.clear();
  }

  /**
   * What a sync wrote is unknown (a bug was thrown while it wrote): everything is read again by the
   * next sync, a read made ahead not used either (writes it predates were never reported to replay).
   */
  void lostTrack() {
    forgetAll();
    forgetReadAhead();
  }

  private void forget(Zone zone) {
    zones.invalidate(zone);
    knownSoa.remove(zone);
    forgetReadAhead(); // what a failed batch wrote is unknown, so is whether a read ahead saw it
  }

  private void forgetReadAhead() {
    early = null;
    appliedSinceReadAhead.clear();
  }

  /*
   * The zone's SOA serial (PowerDNS bumps it on every API write, SOA-EDIT-API) tells whether anyone
   * wrote since the copy was known whole: the SOA is remembered with each whole read and re-read
   * after each write of ours. A zone whose SOA did not change with our write does not keep its
   * serial (or has no SOA, as cloud APIs): its creations are always checked name by name. A write by
   * another writer in the milliseconds between our write and that re-read is seen at the next resync.
   */
  private void soaAfterOwnWrite(Zone zone) {
    RecordSet before = knownSoa.remove(zone);
    if (before == null || soaNotKept.contains(zone)) {
      return;
    }
    try {
      RecordSet after = soa(zone);
      if (after == null || after.equals(before)) {
        soaNotKept.add(zone);
      } else {
        knownSoa.put(zone, after);
      }
    } catch (RuntimeException unreadable) {
      // unknown: creations are checked name by name until the next whole read
    }
  }

  // True when the SOA read now is the one known to go with the cached copy: nobody wrote since.
  private boolean soaUnchanged(Zone zone) {
    RecordSet known = knownSoa.get(zone);
    if (known == null) {
      return false;
    }
    RecordSet now = soa(zone);
    return known.equals(now);
  }

  private @Nullable RecordSet soa(Zone zone) {
    return target.provider().soa(zone).orElse(null);
  }

  /** The read's result, or the provider's own exception (a ProviderException) as it was thrown. */
  private static <T> T join(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
