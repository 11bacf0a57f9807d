package io.openova.dnsguard.reconciler.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One finished sync: what was decided and what became of each zone.
 *
 * @param cpu the CPU time the sync thread spent on it (zero where the JVM cannot tell)
 * @param scope what the sync decided and planned
 */
public record SyncReport(Instant started, Duration took, Decisions decisions, List<ZoneOutcome> zones, Duration cpu,
    Scope scope) {

  /** What a sync decided and planned. */
  public enum Scope {
    /** Every object decided, every name planned, against zones read whole. */
    EVERYTHING("full sync"),
    /**
     * Zones read whole again; the objects that changed, and the names whose records changed in the
     * zones since they were cached (drift), decided and planned; the same outcome as {@link
     * #EVERYTHING} when the cached copies were right, for a fraction of the work.
     */
    RESYNC("resync"),
    /** The objects that changed and their competitors, against the zones as cached. */
    CHANGES("sync for changes");

    private final String label;

    Scope(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public SyncReport {
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(decisions, "decisions");
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(scope, "scope");
    zones = List.copyOf(zones);
  }

  /** A full sync whose CPU time is not known. */
  public SyncReport(Instant started, Duration took, Decisions decisions, List<ZoneOutcome> zones) {
    this(started, took, decisions, zones, Duration.ZERO, Scope.EVERYTHING);
  }

  /** Whether the zones were read whole by this sync (a full sync or a resync): quiet zones are worth a log line. */
  public boolean readWhole() {
    return scope != Scope.CHANGES;
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
