package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.registry.DecodedTxt;
import io.openova.dnsguard.policies.registry.OwnershipRecordName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The zone as read, indexed for planning: record sets by key and by name, and the ownership TXT
 * claims by endpoint name and type (empty type: the old, type-less format).
 */
final class ZoneView {

  private final Ownership ownership;
  private final Map<RrsetKey, RecordSet> sets = new HashMap<>();
  private final Map<Hostname, List<RecordSet>> byName = new HashMap<>();
  private final Map<Hostname, Map<Optional<RecordType>, TxtClaim>> claims = new TreeMap<>();

  ZoneView(Hostname zone, Collection<RecordSet> current, Ownership ownership) {
    this.ownership = ownership;
    for (RecordSet set : current) {
      if (!set.name().isWithin(zone)) {
        continue;
      }
      // Unknown types all map to OTHER; keep the first for the key, all of them by name.
      sets.putIfAbsent(set.key(), set);
      byName.computeIfAbsent(set.name(), n -> new ArrayList<>()).add(set);
      if (set.type() == RecordType.TXT) {
        ownership.names().toEndpoint(set.name().value()).ifPresent(name -> addClaim(name, set));
      }
    }
  }

  private void addClaim(OwnershipRecordName name, RecordSet txt) {
    @Nullable TxtClaim claim = classify(txt);
    if (claim != null) {
      claims.computeIfAbsent(name.endpoint(), n -> new HashMap<>()).put(name.recordType(), claim);
    }
  }

  /** Null when the TXT set holds no ownership content at all (SPF, verification tokens, ...). */
  private @Nullable TxtClaim classify(RecordSet txt) {
    String mineResource = null;
    String other = null;
    boolean unreadable = false;
    boolean foreign = false;
    for (String value : txt.values()) {
      switch (ownership.codec().decode(value)) {
        case DecodedTxt.Owned owned when owned.ownerId().equals(ownership.ownerId()) ->
            mineResource = mineResource == null ? owned.resource() : mineResource;
        case DecodedTxt.Owned owned -> other = other == null ? owned.ownerId() : other;
        case DecodedTxt.Malformed malformed -> unreadable = true;
        case DecodedTxt.Foreign notOwnership -> foreign = true;
      }
    }
    if (other != null) {
      return new TxtClaim(txt, TxtClaim.State.OTHER, other, "");
    }
    if (mineResource == null && !unreadable) {
      return null;
    }
    if (unreadable || foreign) {
      return new TxtClaim(txt, TxtClaim.State.UNREADABLE, "", "");
    }
    return new TxtClaim(txt, TxtClaim.State.MINE, ownership.ownerId(), mineResource);
  }

  @Nullable RecordSet get(RrsetKey key) {
    return sets.get(key);
  }

  List<RecordSet> at(Hostname name) {
    return byName.getOrDefault(name, List.of());
  }

  /** The claim deciding who owns {@code type} at {@code name}: the typed (new) format first, then the old. */
  @Nullable TxtClaim owner(Hostname name, RecordType type) {
    Map<Optional<RecordType>, TxtClaim> forName = claims.getOrDefault(name, Map.of());
    TxtClaim typed = forName.get(Optional.of(type));
    return typed != null ? typed : forName.get(Optional.<RecordType>empty());
  }

  /** Our claims at {@code name} that dnsguard manages: typed ones for A/AAAA/CNAME, and the old format. */
  Map<Optional<RecordType>, TxtClaim> ourClaims(Hostname name) {
    Map<Optional<RecordType>, TxtClaim> out = new HashMap<>();
    claims.getOrDefault(name, Map.of()).forEach((type, claim) -> {
      if (claim.mine() && type.map(Desired.MANAGED_TYPES::contains).orElse(true)) {
        out.put(type, claim);
      }
    });
    return out;
  }

  /** True if the record set is a managed type whose ownership record says us. */
  boolean isOurs(RecordSet set) {
    if (!Desired.MANAGED_TYPES.contains(set.type())) {
      return false;
    }
    TxtClaim claim = owner(set.name(), set.type());
    return claim != null && claim.mine();
  }

  /** Endpoint names for which we hold an ownership claim. */
  List<Hostname> namesWithOurClaims() {
    List<Hostname> out = new ArrayList<>();
    claims.forEach((name, byType) -> {
      if (!ourClaims(name).isEmpty()) {
        out.add(name);
      }
    });
    return out;
  }

  /** Names holding a managed record set of ours. */
  List<Hostname> namesWithOurRecords() {
    return sets.values().stream().filter(this::isOurs).map(RecordSet::name).distinct().toList();
  }
}
