package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.ownership.NameOwnership;
import io.openova.dnsguard.policies.ownership.Owner;
import io.openova.dnsguard.policies.ownership.OwnershipRecord;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The zone as read, indexed for planning: record sets by key and by name, and who owns what from
 * the shared {@link ZoneOwnership} (the same model the webhook's evaluator reads).
 */
final class ZoneView {

  private final ZoneOwnership owners;
  private final Map<RrsetKey, RecordSet> sets = new HashMap<>();
  private final Map<Hostname, List<RecordSet>> byName = new HashMap<>();
  private final Map<String, RecordSet> txtByName = new HashMap<>();

  ZoneView(Hostname zone, Collection<RecordSet> current, ZoneOwnership owners) {
    this.owners = owners;
    for (RecordSet set : current) {
      if (!set.name().isWithin(zone)) {
        continue;
      }
      // Unknown types all map to OTHER; keep the first for the key, all of them by name.
      sets.putIfAbsent(set.key(), set);
      byName.computeIfAbsent(set.name(), n -> new ArrayList<>()).add(set);
      if (set.type() == RecordType.TXT) {
        txtByName.putIfAbsent(set.name().value(), set);
      }
    }
  }

  @Nullable RecordSet get(RrsetKey key) {
    return sets.get(key);
  }

  List<RecordSet> at(Hostname name) {
    return byName.getOrDefault(name, List.of());
  }

  NameOwnership ownership(Hostname name) {
    return owners.at(name);
  }

  /** Who holds {@code type} at {@code name}. */
  Owner owner(Hostname name, RecordType type) {
    return owners.at(name).owner(type);
  }

  /** Our ownership record sets at {@code name} that dnsguard manages: typed ones for A/AAAA/CNAME, and the old format. */
  Map<Optional<RecordType>, RecordSet> ourClaims(Hostname name) {
    Map<Optional<RecordType>, RecordSet> out = new HashMap<>();
    for (OwnershipRecord record : owners.at(name).records()) {
      RecordSet set = txtByName.get(record.txtName());
      if (set != null && record.owner() instanceof Owner.Ours
          && record.recordType().map(Desired.MANAGED_TYPES::contains).orElse(true)) {
        out.put(record.recordType(), set);
      }
    }
    return out;
  }

  /** True if the record set is a managed type whose ownership record says us. */
  boolean isOurs(RecordSet set) {
    return Desired.MANAGED_TYPES.contains(set.type()) && owners.at(set.name()).ours(set.type());
  }

  /** Endpoint names for which we hold an ownership claim. */
  List<Hostname> namesWithOurClaims() {
    return owners.namesWithOurRecords().stream().filter(name -> !ourClaims(name).isEmpty()).toList();
  }

  /** Names holding a managed record set of ours. */
  List<Hostname> namesWithOurRecords() {
    return sets.values().stream().filter(this::isOurs).map(RecordSet::name).distinct().toList();
  }
}
