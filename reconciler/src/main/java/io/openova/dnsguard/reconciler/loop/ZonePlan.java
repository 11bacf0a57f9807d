package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Zone;
import java.util.List;
import java.util.Objects;

/**
 * One zone's plan (after the sync mode) and the record sets it was planned against.
 *
 * @param current the zone as read at the start of the sync, for the safety check before applying
 */
public record ZonePlan(Zone zone, Plan plan, List<RecordSet> current) {
  public ZonePlan {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(plan, "plan");
    current = List.copyOf(current);
  }
}
