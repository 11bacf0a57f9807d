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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * Writes a sync's plans part by part ({@link ZoneParts}: one provider request's worth of names
 * each) on a thread of its own, so that the sync thread plans the next part while one is with the
 * provider. Each part is checked against the safety invariants before it is handed over, and a
 * zone's parts are written one at a time and in order: a part that fails skips the zone's parts
 * after it. Nothing is written through to the zone cache here: {@link Written#outcomes()} says
 * what was applied, once the sync has planned everything. Closing waits for what was handed over.
 */
final class PartWriter implements AutoCloseable {
  private final DnsProvider provider;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("dnsguard-write").factory());

  PartWriter(DnsProvider provider) {
    this.provider = provider;
  }

  /**
   * Plans {@code parts} one by one and hands each part with changes to the writing thread. A part
   * that breaks an invariant, or a cached zone found stale before the first write, stops the zone
   * there (the parts before it go ahead).
   */
  Written write(ZoneParts parts, Ownership ownership, ZoneCache zones) {
    Written written = new Written(parts.zone());
    CompletableFuture<?> last = CompletableFuture.completedFuture(Boolean.TRUE);
    boolean checked = false;
    Set<RrsetKey> planned = new HashSet<>(); // what earlier parts of the zone change
    while (parts.hasNext() && !last.isCompletedExceptionally()) {
      ZonePlan part = parts.next();
      if (part.plan().isEmpty()) {
        written.conflicts.addAll(part.plan().conflicts());
        continue;
      }
      List<String> violations = new ArrayList<>(PlanInvariants.violations(part.plan(), part.current(), ownership));
      for (Change change : part.plan().changes()) { // what the check finds within a plan, across its parts
        if (!planned.add(change.key())) {
          violations.add(change.key() + " is changed more than once (by an earlier part too)");
        }
      }
      if (!violations.isEmpty()) {
        written.stopped = new ZoneOutcome.Unsafe(parts.zone(), part.plan(), violations);
        break;
      }
      if (!checked) { // once, for every part: our own writes change the zone's SOA from here on
        checked = true;
        try {
          List<String> changed = zones.changedUnder(parts.zone(), parts.creatable(), parts.current());
          if (!changed.isEmpty()) {
            written.stopped = new ZoneOutcome.Stale(parts.zone(), part.plan(), changed);
            break;
          }
        } catch (ProviderException e) {
          written.stopped = new ZoneOutcome.Failed(parts.zone(), part.plan(), e);
          break;
        }
      }
      ChangeBatch batch = ChangeBatch.of(part.plan());
      last = last.thenRunAsync(() -> provider.apply(parts.zone(), batch), thread);
      written.sent.add(new Sent(part.plan(), last));
    }
    return written;
  }

  private record Sent(Plan plan, CompletableFuture<?> done) {}

  /** One zone's parts as handed over, and where the zone stopped if it did. */
  static final class Written {
    private final Zone zone;
    private final List<Sent> sent = new ArrayList<>();
    // Conflicts of parts without changes (nothing to write, but events and metrics report them).
    private final List<Conflict> conflicts = new ArrayList<>();
    private @Nullable ZoneOutcome stopped; // Unsafe, Stale, or Failed before anything was sent

    private Written(Zone zone) {
      this.zone = zone;
    }

    /**
     * What became of the zone, waiting for its parts: the parts applied as one {@link
     * ZoneOutcome.Applied} (or {@link ZoneOutcome.Unchanged} when none had changes), then, if the
     * zone stopped, the part it stopped at and those after it ({@link ZoneOutcome.Failed}), or the
     * part that was not sent ({@link ZoneOutcome.Unsafe}, {@link ZoneOutcome.Stale}).
     *
     * @throws RuntimeException what the provider threw besides a {@link ProviderException} (a bug)
     */
    List<ZoneOutcome> outcomes() {
      List<ChangeGroup> applied = new ArrayList<>();
      List<Conflict> appliedConflicts = new ArrayList<>(conflicts);
      List<ChangeGroup> notApplied = new ArrayList<>();
      List<Conflict> notAppliedConflicts = new ArrayList<>();
      @Nullable ProviderException error = null;
      for (Sent part : sent) {
        if (error == null) {
          try {
            part.done().join();
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

  @Override
  public void close() {
    thread.close();
  }
}
