package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.RecordType;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sync may do, as external-dns's {@code --policy} ({@code plan/policy.go}): a pure
 * {@code Plan → Plan} transformation applied after planning. Groups left empty disappear;
 * conflicts pass through. A group that switches a name to CNAME needs its deletes (a CNAME cannot
 * share its name), so without deletes it is left out whole rather than sent to fail.
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
      if (switchesToCname(group)) {
        continue; // the CNAME can only be written once the sets it replaces are deleted
      }
      List<Change> changes = group.changes().stream().filter(this::allows).toList();
      if (!changes.isEmpty()) {
        kept.add(new ChangeGroup(group.name(), changes));
      }
    }
    return new Plan(plan.zone(), kept, plan.conflicts());
  }

  private static boolean switchesToCname(ChangeGroup group) {
    return group.changes().stream().anyMatch(c -> c instanceof Change.Create && c.type() == RecordType.CNAME)
        && group.changes().stream().anyMatch(c -> c instanceof Change.Delete);
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
