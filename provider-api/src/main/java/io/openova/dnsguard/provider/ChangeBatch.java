package io.openova.dnsguard.provider;

import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Plan;
import java.util.List;

/**
 * Change groups to apply in order. A group (a name's records and its ownership TXT) is never split
 * across requests; the batch may be, between groups.
 */
public record ChangeBatch(List<ChangeGroup> groups) {

  public ChangeBatch {
    groups = List.copyOf(groups);
  }

  public static ChangeBatch of(Plan plan) {
    return new ChangeBatch(plan.groups());
  }

  public boolean isEmpty() {
    return groups.isEmpty();
  }

  /** Number of record-set changes in all groups. */
  public int changeCount() {
    return groups.stream().mapToInt(ChangeGroup::size).sum();
  }

  public List<Change> changes() {
    return groups.stream().flatMap(g -> g.changes().stream()).toList();
  }
}
