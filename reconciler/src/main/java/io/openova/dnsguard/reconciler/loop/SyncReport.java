package io.openova.dnsguard.reconciler.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One finished sync: what was decided and what became of each zone.
 *
 * @param cpu the CPU time the sync thread spent on it (zero where the JVM cannot tell)
 * @param full whether every object was decided and every name planned, rather than what changed
 */
public record SyncReport(Instant started, Duration took, Decisions decisions, List<ZoneOutcome> zones, Duration cpu,
    boolean full) {
  public SyncReport {
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(decisions, "decisions");
    Objects.requireNonNull(cpu, "cpu");
    zones = List.copyOf(zones);
  }

  /** A full sync whose CPU time is not known. */
  public SyncReport(Instant started, Duration took, Decisions decisions, List<ZoneOutcome> zones) {
    this(started, took, decisions, zones, Duration.ZERO, true);
  }

  /** True when some zone's changes did not all get applied: the work stays pending. */
  public boolean failed() {
    return zones.stream().anyMatch(z -> z instanceof ZoneOutcome.Failed || z instanceof ZoneOutcome.Unsafe);
  }

  /** True when a zone's cached copy turned out out of date: a resync should follow at once. */
  public boolean stale() {
    return zones.stream().anyMatch(z -> z instanceof ZoneOutcome.Stale);
  }
}
