package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The changes that bring one zone from what it holds to what is desired, grouped per endpoint
 * name in apply order, and the desired sets that were refused.
 */
public record Plan(Hostname zone, List<ChangeGroup> groups, List<Conflict> conflicts) {

  public Plan {
    Objects.requireNonNull(zone, "zone");
    groups = List.copyOf(groups);
    conflicts = List.copyOf(conflicts);
  }

  public boolean isEmpty() {
    return groups.isEmpty();
  }

  /** All changes, group after group. */
  public List<Change> changes() {
    List<Change> all = new ArrayList<>();
    for (ChangeGroup group : groups) { // not a stream per group: C1 allocates each (the reconciler's only compiler)
      all.addAll(group.changes());
    }
    return Collections.unmodifiableList(all);
  }

  /** Human-readable, one change per line, conflicts after; what {@code dnsguard plan} prints. */
  public String describe() {
    StringBuilder out = new StringBuilder("zone ").append(zone).append(": ")
        .append(groups.isEmpty() ? "no changes" : changes().size() + " changes")
        .append('\n');
    for (ChangeGroup group : groups) {
      for (Change change : group.changes()) {
        out.append("  ").append(change).append('\n');
      }
    }
    for (Conflict conflict : conflicts) {
      out.append("  SKIPPED ").append(conflict.message()).append('\n');
    }
    return out.toString();
  }
}
