package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Conflict;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.Planner;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.policies.registry.OwnershipRecordName;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.provider.Zone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One zone's plan cut into parts by name, each planned when asked, so that a part can be with the
 * provider while the next is planned (a bulk sync of 26,000 names spent 2.5 s planning before its
 * first PATCH).
 *
 * <p>The planner decides a name from the desired sets at it and the record sets that decide it (its
 * own, the ownership TXT records speaking for it and those at its ownership record names, as {@link
 * CachedZone#deciding} takes them);
 * each part is planned with exactly those for its names, and keeps only its names' change groups and
 * conflicts. So the parts together are the plan of the whole zone, a name's records and ownership
 * TXT are in one part's group, and each part is checked against the sets it was planned on.
 */
final class ZoneParts {
  private final Zone zone;
  private final Ownership ownership;
  private final SyncMode mode;
  private final Planner planner;
  private final Map<Hostname, List<RecordSet>> deciding = new HashMap<>();
  private final Map<Hostname, List<Desired>> wanted = new HashMap<>();
  private final List<List<Hostname>> parts = new ArrayList<>();
  private int next;

  /**
   * @param current what the zone holds (all of it, or the sets deciding the names a sync plans)
   * @param desired the desired sets in this zone
   * @param sizes names per part, the sync's (up to {@link io.openova.dnsguard.provider.Capabilities#namesPerRequest()})
   */
  ZoneParts(Zone zone, List<RecordSet> current, List<Desired> desired, Ownership ownership, SyncMode mode,
      PartSizes sizes) {
    this.zone = zone;
    this.ownership = ownership;
    this.mode = mode;
    this.planner = new Planner(ownership);
    TreeSet<Hostname> names = new TreeSet<>(); // what the planner may plan: wanted names, names holding sets or claims
    for (RecordSet set : current) {
      if (!set.name().isWithin(zone.name())) {
        continue; // as the planner: another zone's
      }
      decides(set.name(), set);
      if (set.type() != RecordType.TXT) {
        names.add(set.name());
      } else {
        ownership.names().toEndpoint(set.name().value()).map(OwnershipRecordName::endpoint)
            .filter(endpoint -> !endpoint.equals(set.name()) && endpoint.isWithin(zone.name()))
            .ifPresent(endpoint -> {
              decides(endpoint, set);
              names.add(endpoint);
            });
      }
    }
    for (Desired d : desired) {
      wanted.computeIfAbsent(d.set().name(), n -> new ArrayList<>()).add(d);
      names.add(d.set().name());
    }
    // The TXT sets where the planner writes a name's ownership records, whatever name the mapper reads them as
    // (without a prefix, or beside a name like "a-b", one TXT name has two readings).
    Map<String, RecordSet> txt = new HashMap<>();
    current.stream().filter(set -> set.type() == RecordType.TXT).forEach(set -> txt.putIfAbsent(set.name().value(), set));
    if (!txt.isEmpty()) {
      for (Hostname name : names) {
        for (String at : writtenAt(name)) {
          RecordSet set = txt.get(at);
          List<RecordSet> held = deciding.getOrDefault(name, List.of());
          if (set != null && held.stream().noneMatch(h -> h == set)) {
            decides(name, set);
          }
        }
      }
    }
    List<Hostname> part = new ArrayList<>();
    int size = 0;
    for (Hostname name : names) {
      if (part.isEmpty()) {
        size = sizes.next();
      }
      part.add(name);
      if (part.size() == size) {
        parts.add(part);
        part = new ArrayList<>();
      }
    }
    if (!part.isEmpty()) {
      parts.add(part);
    }
  }

  private List<String> writtenAt(Hostname name) {
    List<String> out = new ArrayList<>(4);
    out.add(ownership.names().toTxtName(name, RecordType.A, TxtFormat.OLD));
    for (RecordType type : Desired.MANAGED_TYPES) {
      out.add(ownership.names().toTxtName(name, type, TxtFormat.NEW));
    }
    return out;
  }

  private void decides(Hostname name, RecordSet set) {
    deciding.computeIfAbsent(name, n -> new ArrayList<>(2)).add(set);
  }

  Zone zone() {
    return zone;
  }

  boolean hasNext() {
    return next < parts.size();
  }

  /** The next part's plan (after the sync mode) and the sets it was planned against. */
  ZonePlan next() {
    List<Hostname> names = parts.get(next++);
    Set<RecordSet> sets = Collections.newSetFromMap(new IdentityHashMap<>()); // a TXT set deciding two names of the part, once
    List<RecordSet> partCurrent = new ArrayList<>();
    List<Desired> partWanted = new ArrayList<>();
    for (Hostname name : names) {
      for (RecordSet set : deciding.getOrDefault(name, List.of())) {
        if (sets.add(set)) {
          partCurrent.add(set);
        }
      }
      partWanted.addAll(wanted.getOrDefault(name, List.of()));
    }
    Plan plan = planner.plan(zone.name(), partWanted, partCurrent);
    // A set deciding a name of another part can make the planner plan that name here too: that part plans it.
    Set<Hostname> own = new HashSet<>(names);
    List<ChangeGroup> groups = plan.groups().stream().filter(group -> own.contains(group.name())).toList();
    List<Conflict> conflicts = plan.conflicts().stream().filter(conflict -> own.contains(conflict.name())).toList();
    return new ZonePlan(zone, mode.apply(new Plan(plan.zone(), groups, conflicts)), partCurrent);
  }
}
