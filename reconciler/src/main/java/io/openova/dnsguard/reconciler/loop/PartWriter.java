package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Conflict;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.PlanInvariants;
import io.openova.dnsguard.policies.plan.RrsetKey;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Writes a sync's plans part by part ({@link ZoneParts}: one provider request's worth of names
 * each) on a thread of its own, so that the sync thread plans the next part while one is with the
 * provider; each part is encoded into the provider's requests on a third thread ({@link
 * DnsProvider#prepare}), so that the provider is not left waiting between two parts. Each part is
 * checked against the safety invariants before it is handed over — and against the parts before
 * it: a set two parts of a zone change is refused, as the check refuses it within one plan. A
 * zone's parts are written one at a time and in order, across all the {@link #write} calls of a
 * sync; a part that fails skips the zone's parts after it. Once the sync has planned everything,
 * {@link #outcomes} waits for the parts and says what was applied, handing each applied part to be
 * written through to the zone cache as it completes. Used by the sync thread; closing waits for
 * what was handed over.
 */
final class PartWriter implements AutoCloseable {
  private final DnsProvider provider;
  private final Ownership ownership;
  private final ZoneCache zones;
  private final Function<Zone, ZoneCache.Creations> creations;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("dnsguard-write").factory());
  private final ExecutorService encoding = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("dnsguard-encode").factory());
  private final Map<Zone, ZoneWrites> byZone = new LinkedHashMap<>();

  /**
   * @param creations what a zone's writes this sync may create, with the cached sets there: checked
   *     once, before the zone's first part that creates something is written ({@link
   *     ZoneCache#changedUnder})
   */
  PartWriter(DnsProvider provider, Ownership ownership, ZoneCache zones, Function<Zone, ZoneCache.Creations> creations) {
    this.provider = provider;
    this.ownership = ownership;
    this.zones = zones;
    this.creations = creations;
  }

  /**
   * Plans {@code parts} one by one and hands each part with changes to the writing thread. A part
   * that breaks an invariant, or a cached zone found stale before its first creation, stops the zone
   * there for the rest of the sync (the parts before it go ahead).
   */
  void write(ZoneParts parts) {
    Zone zone = parts.zone();
    ZoneWrites writes = byZone.computeIfAbsent(zone, ZoneWrites::new);
    while (parts.hasNext() && writes.open()) {
      ZonePlan part = parts.next();
      if (part.plan().isEmpty()) {
        writes.conflicts.addAll(part.plan().conflicts());
        continue;
      }
      List<String> violations = new ArrayList<>(PlanInvariants.violations(part.plan(), part.current(), ownership));
      for (Change change : part.plan().changes()) {
        if (!writes.planned.add(change.key())) {
          violations.add(change.key() + " is changed more than once (by an earlier part too)");
        }
      }
      if (!violations.isEmpty()) {
        writes.stopped = new ZoneOutcome.Unsafe(zone, part.plan(), violations);
        return;
      }
      // Once, for every part: from here on our own writes change the zone's SOA.
      if (!writes.checked && part.plan().changes().stream().anyMatch(change -> change instanceof Change.Create)) {
        writes.checked = true;
        try {
          List<String> changed = zones.changedUnder(zone, () -> creations.apply(zone), !writes.sent.isEmpty());
          if (!changed.isEmpty()) {
            writes.stopped = new ZoneOutcome.Stale(zone, part.plan(), changed);
            return;
          }
        } catch (ProviderException e) {
          writes.stopped = new ZoneOutcome.Failed(zone, part.plan(), e);
          return;
        }
      }
      ChangeBatch batch = ChangeBatch.of(part.plan());
      // Encoded once the part two before is written, so while the one before is: one part waits encoded, at most.
      CompletableFuture<Runnable> encoded = writes.beforeLast.thenApplyAsync(done -> provider.prepare(zone, batch), encoding);
      writes.beforeLast = writes.last;
      writes.last = writes.last.thenAcceptBothAsync(encoded, (before, write) -> write.run(), thread);
      writes.sent.add(new Sent(part.plan(), writes.last));
    }
  }

  /**
   * What became of each zone written to, waiting for its parts: the parts applied as one {@link
   * ZoneOutcome.Applied} (or {@link ZoneOutcome.Unchanged} when none had changes), then, if the
   * zone stopped, the part it stopped at and those after it ({@link ZoneOutcome.Failed}), or the
   * part that was not sent ({@link ZoneOutcome.Unsafe}, {@link ZoneOutcome.Stale}).
   *
   * @param applied each part the provider applied, in order, as soon as it is known (while later
   *     parts are still with the provider)
   * @throws RuntimeException what the provider threw besides a {@link ProviderException} (a bug)
   */
  List<ZoneOutcome> outcomes(BiConsumer<Zone, Plan> applied) {
    List<ZoneOutcome> out = new ArrayList<>();
    byZone.values().forEach(zone -> out.addAll(zone.outcomes(applied)));
    return out;
  }

  @Override
  public void close() {
    thread.close();
    encoding.close();
  }

  private record Sent(Plan plan, CompletableFuture<?> done) {}

  /** One zone's parts as handed over, and where the zone stopped if it did. */
  private static final class ZoneWrites {
    private final Zone zone;
    private final List<Sent> sent = new ArrayList<>();
    private final Set<RrsetKey> planned = new HashSet<>(); // what the parts handed over change
    // Conflicts of parts without changes (nothing to write, but events and metrics report them).
    private final List<Conflict> conflicts = new ArrayList<>();
    private CompletableFuture<?> last = CompletableFuture.completedFuture(Boolean.TRUE);
    private CompletableFuture<?> beforeLast = last;
    private boolean checked;
    private @Nullable ZoneOutcome stopped; // Unsafe, Stale, or Failed before anything was sent

    ZoneWrites(Zone zone) {
      this.zone = zone;
    }

    boolean open() {
      return stopped == null && !last.isCompletedExceptionally();
    }

    List<ZoneOutcome> outcomes(BiConsumer<Zone, Plan> written) {
      List<ChangeGroup> applied = new ArrayList<>();
      List<Conflict> appliedConflicts = new ArrayList<>(conflicts);
      List<ChangeGroup> notApplied = new ArrayList<>();
      List<Conflict> notAppliedConflicts = new ArrayList<>();
      @Nullable ProviderException error = null;
      for (Sent part : sent) {
        if (error == null) {
          try {
            part.done().join();
            written.accept(zone, part.plan());
            applied.addAll(part.plan().groups());
            appliedConflicts.addAll(part.plan().conflicts());
            continue;
          } catch (CompletionException e) {
            if (!(e.getCause() instanceof ProviderException cause)) {
              throw e.getCause() instanceof RuntimeException bug ? bug : e;
            }
            error = cause;
          }
        }
        notApplied.addAll(part.plan().groups());
        notAppliedConflicts.addAll(part.plan().conflicts());
      }
      List<ZoneOutcome> out = new ArrayList<>(2);
      Plan done = new Plan(zone.name(), applied, appliedConflicts);
      if (!applied.isEmpty()) {
        out.add(new ZoneOutcome.Applied(zone, done));
      } else if ((error == null && stopped == null) || !appliedConflicts.isEmpty()) {
        out.add(new ZoneOutcome.Unchanged(zone, done));
      }
      if (error != null) {
        out.add(new ZoneOutcome.Failed(zone, new Plan(zone.name(), notApplied, notAppliedConflicts), error));
      } else if (stopped != null) {
        out.add(stopped);
      }
      return out;
    }
  }
}
