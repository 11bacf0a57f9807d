package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.ownership.NameOwnership;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Planner;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.provider.Zone;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The managed zones and what each holds at the start of a sync (from {@link ZoneCache}). */
final class ZoneState {

  private final DnsTarget target;
  private final Map<Zone, List<RecordSet>> current;
  private final List<Zone> longestFirst;
  private @Nullable Ownership decodedWith;
  private Map<Zone, ZoneOwnership> decoded = Map.of();

  ZoneState(DnsTarget target, Map<Zone, List<RecordSet>> current) {
    this.target = target;
    this.current = current;
    this.longestFirst = current.keySet().stream()
        .sorted(Comparator.comparingInt((Zone z) -> z.name().labelCount()).reversed())
        .toList();
  }

  /**
   * What DNS holds, decoded once per zone into the ownership model that the evaluator reads here and
   * the planner reads in {@link #plan} (same {@code ownership}: same decoded objects).
   */
  DnsView view(Ownership ownership) {
    Map<Zone, ZoneOwnership> byZone = decoded(ownership);
    return name -> zoneOf(name).map(zone -> inZone(byZone, zone).at(name)).orElseGet(() -> NameOwnership.empty(name));
  }

  private Map<Zone, ZoneOwnership> decoded(Ownership ownership) {
    if (decodedWith != ownership) {
      Map<Zone, ZoneOwnership> byZone = new LinkedHashMap<>();
      current.forEach((zone, sets) -> byZone.put(zone, ownership.decode(zone.name(), sets)));
      decoded = byZone;
      decodedWith = ownership;
    }
    return decoded;
  }

  private static <V> V inZone(Map<Zone, V> byZone, Zone zone) {
    return Objects.requireNonNull(byZone.get(zone), () -> "zone " + zone.name() + " was not read");
  }

  /** One plan per zone: each desired set goes to the most specific zone holding its name. */
  List<ZonePlan> plan(Ownership ownership, List<Desired> desired, SyncMode mode) {
    Map<Zone, List<Desired>> byZone = byZone(desired);
    Planner planner = new Planner(ownership);
    List<ZonePlan> plans = new ArrayList<>(current.size());
    Map<Zone, ZoneOwnership> decodedZones = decoded(ownership);
    byZone.forEach((zone, wanted) -> {
      List<RecordSet> sets = inZone(current, zone);
      plans.add(new ZonePlan(zone,
          mode.apply(planner.plan(zone.name(), wanted, sets, inZone(decodedZones, zone))), sets));
    });
    return plans;
  }

  /**
   * The same plans, each zone's cut into parts planned one at a time ({@link ZoneParts}), so that a
   * part is written while the next is planned.
   */
  List<ZoneParts> parts(Ownership ownership, List<Desired> desired, SyncMode mode, PartSizes sizes) {
    List<ZoneParts> parts = new ArrayList<>(current.size());
    byZone(desired).forEach((zone, wanted) -> parts.add(new ZoneParts(zone, inZone(current, zone), wanted, ownership,
        mode, sizes)));
    return parts;
  }

  /**
   * What writes for {@code names} may create in {@code zone}: the names in it and their ownership
   * records' names (in the format written), with the sets this state holds there.
   */
  ZoneCache.Creations creations(Zone zone, Collection<Hostname> names, Ownership ownership) {
    Set<Hostname> created = new HashSet<>();
    for (Hostname name : names) {
      if (zoneOf(name).filter(zone::equals).isPresent()) {
        created.add(name);
        for (RecordType type : Desired.MANAGED_TYPES) {
          if (Hostname.parse(ownership.names().toTxtName(name, type, ownership.writeFormat()))
              instanceof ParsedHostname.Valid txt) {
            created.add(txt.hostname());
          }
        }
      }
    }
    return new ZoneCache.Creations(created, current.getOrDefault(zone, List.of()));
  }

  // Each desired set to the most specific zone holding its name.
  private Map<Zone, List<Desired>> byZone(List<Desired> desired) {
    Map<Zone, List<Desired>> byZone = new LinkedHashMap<>();
    current.keySet().forEach(zone -> byZone.put(zone, new ArrayList<>()));
    for (Desired d : desired) {
      if (target.domains().admitsName(d.set().name())) {
        zoneOf(d.set().name()).ifPresent(zone -> inZone(byZone, zone).add(d));
      }
    }
    return byZone;
  }

  private Optional<Zone> zoneOf(Hostname name) {
    for (Zone zone : longestFirst) { // called per name: no stream
      if (name.isWithin(zone.name())) {
        return Optional.of(zone);
      }
    }
    return Optional.empty();
  }
}
