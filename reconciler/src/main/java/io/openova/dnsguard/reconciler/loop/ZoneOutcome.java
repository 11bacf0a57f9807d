package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.util.List;
import java.util.Objects;

/** What became of one zone's plan in a sync. */
public sealed interface ZoneOutcome {

  Zone zone();

  /** The plan after the sync mode, conflicts included. */
  Plan plan();

  /** Nothing to change. */
  record Unchanged(Zone zone, Plan plan) implements ZoneOutcome {}

  /** Every change was applied. */
  record Applied(Zone zone, Plan plan) implements ZoneOutcome {}

  /** The provider failed; the changes stay pending and the next sync retries them. */
  record Failed(Zone zone, Plan plan, ProviderException error) implements ZoneOutcome {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * The zone was planned from its cached copy, and a name the plan would create turned out to hold
   * records the copy did not have (another writer, or a hand edit): nothing was written; the zone
   * is read again and planned anew by a resync that starts at once.
   */
  record Stale(Zone zone, Plan plan, List<String> names) implements ZoneOutcome {
    public Stale {
      names = List.copyOf(names);
    }
  }

  /** The plan broke a safety invariant and was not applied at all (a bug, never expected). */
  record Unsafe(Zone zone, Plan plan, List<String> violations) implements ZoneOutcome {
    public Unsafe {
      violations = List.copyOf(violations);
    }
  }
}
