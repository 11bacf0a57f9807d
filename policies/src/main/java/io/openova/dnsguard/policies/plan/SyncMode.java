package io.openova.dnsguard.policies.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sync may do, as external-dns's {@code --policy} ({@code plan/policy.go}): a pure
 * {@code Plan → Plan} transformation applied after planning. Groups left empty disappear;
 * conflicts pass through.
 */
public enum SyncMode {
  /** Create, update and delete. */
  SYNC,
  /** Create and update, never delete (neither records nor their ownership TXT). */
  UPSERT_ONLY,
  /** Only create. */
  CREATE_ONLY;

  public Plan apply(Plan plan) {
    if (this == SYNC) {
      return plan;
    }
    List<ChangeGroup> kept = new ArrayList<>();
    for (ChangeGroup group : plan.groups()) {
      List<Change> changes = group.changes().stream().filter(this::allows).toList();
      if (!changes.isEmpty()) {
        kept.add(new ChangeGroup(group.name(), changes));
      }
    }
    return new Plan(plan.zone(), kept, plan.conflicts());
  }

  /** Whether this mode lets {@code change} through. */
  public boolean allows(Change change) {
    return switch (change) {
      case Change.Create create -> true;
      case Change.Update update -> this != CREATE_ONLY;
      case Change.Delete delete -> this == SYNC;
    };
  }
}
