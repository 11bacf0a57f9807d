package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.registry.DecodedTxt;
import io.openova.dnsguard.policies.registry.OwnershipRecordName;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Some zones' records decoded once into who holds each name: the one zone-ownership model of
 * dnsguard. The webhook's evaluator reads it through {@link DnsView}, the planner builds one from
 * the zone it plans, {@code check} from zone files — all with the same TXT classifier:
 *
 * <p>A TXT record set whose name is an ownership record name (either format, through the name
 * mapper) is classified as a whole: any value naming another owner → {@link Owner.Other}; any value
 * that cannot be read (encrypted without a matching key, heritage without owner) → {@link
 * Owner.Unreadable}; ours mixed with anything else → unreadable; all ours → {@link Owner.Ours}. A
 * set with no ownership content at all is unreadable too when a TXT prefix or suffix is configured
 * (an unknown registry format at an ownership name), and an ordinary TXT record otherwise (without
 * affix every name has the shape of an ownership name).
 */
public final class ZoneOwnership implements DnsView {

  private final TxtNameMapper names;
  private final TxtFormat writeFormat;
  private final Set<String> apexes;
  private final Map<String, Set<RecordType>> types;
  private final Map<String, List<OwnershipRecord>> ownership;
  private final Map<String, Hostname> speaksFor;
  private final boolean plainTxt; // any TXT set that is not an ownership record: without one, no name is blocked

  private ZoneOwnership(TxtNameMapper names, TxtFormat writeFormat, Set<String> apexes, Map<String, Set<RecordType>> types,
      Map<String, List<OwnershipRecord>> ownership, Map<String, Hostname> speaksFor) {
    this.names = names;
    this.writeFormat = writeFormat;
    // HashMap, not Map.copyOf: the immutable maps probe linearly on the raw String hash, and a
    // zone's sequential names (h1000.z, h1001.z ...) cluster into long probe runs.
    this.apexes = Collections.unmodifiableSet(new HashSet<>(apexes));
    this.types = Collections.unmodifiableMap(new HashMap<>(types));
    this.ownership = Collections.unmodifiableMap(new HashMap<>(ownership));
    this.speaksFor = Collections.unmodifiableMap(new HashMap<>(speaksFor));
    this.plainTxt = types.values().stream().anyMatch(held -> held.contains(RecordType.TXT));
  }

  /**
   * Decodes {@code zones}.
   *
   * @param ownerId our {@code --txt-owner-id}
   * @param names the ownership record name mapper (prefix/suffix)
   * @param writeFormat the format dnsguard writes its own ownership records in
   * @param codec reads contents (with the AES key, if one is configured)
   */
  public static ZoneOwnership decode(Collection<ZoneRecords> zones, String ownerId, TxtNameMapper names,
      TxtFormat writeFormat, TxtRecordCodec codec) {
    Objects.requireNonNull(ownerId, "ownerId");
    Set<String> apexes = new HashSet<>();
    Map<String, Set<RecordType>> types = new HashMap<>();
    Map<String, List<String>> txt = new LinkedHashMap<>();
    for (ZoneRecords zone : zones) {
      apexes.add(zone.zone().value());
      for (DnsRecord record : zone.records()) {
        if (record.type() == RecordType.TXT) {
          txt.computeIfAbsent(record.name(), n -> new ArrayList<>()).add(record.data());
        } else {
          types.computeIfAbsent(record.name(), n -> EnumSet.noneOf(RecordType.class)).add(record.type());
        }
      }
    }
    boolean affix = names.hasAffix();
    Map<String, List<OwnershipRecord>> ownership = new HashMap<>();
    Map<String, Hostname> speaksFor = new HashMap<>();
    txt.forEach((txtName, values) -> {
      Optional<OwnershipRecordName> endpoint = names.toEndpoint(txtName);
      Optional<OwnershipRecord> record =
          endpoint.flatMap(e -> classify(txtName, e.recordType(), values, ownerId, codec, affix));
      if (record.isPresent()) {
        ownership.computeIfAbsent(endpoint.get().endpoint().value(), n -> new ArrayList<>()).add(record.get());
        speaksFor.put(txtName, endpoint.get().endpoint());
      } else {
        types.computeIfAbsent(txtName, n -> EnumSet.noneOf(RecordType.class)).add(RecordType.TXT);
      }
    });
    ownership.replaceAll((name, list) -> List.copyOf(list));
    types.replaceAll((name, set) -> Set.copyOf(set));
    return new ZoneOwnership(names, writeFormat, apexes, types, ownership, speaksFor);
  }

  /** The one TXT classifier; empty when the set is not an ownership record (see the class comment). */
  static Optional<OwnershipRecord> classify(String txtName, Optional<RecordType> type, List<String> values, String ownerId,
      TxtRecordCodec codec, boolean affix) {
    String ours = null;
    String other = null;
    String unreadable = null;
    boolean plain = false;
    for (String value : values) {
      switch (codec.decode(value)) {
        case DecodedTxt.Owned owned when owned.ownerId().equals(ownerId) -> ours = ours == null ? owned.resource() : ours;
        case DecodedTxt.Owned owned -> other = other == null ? owned.ownerId() : other;
        case DecodedTxt.Malformed malformed -> unreadable = unreadable == null ? malformed.reason() : unreadable;
        case DecodedTxt.Foreign foreign -> plain = true;
      }
    }
    if (other != null) {
      return Optional.of(new OwnershipRecord(txtName, type, new Owner.Other(other, txtName), ""));
    }
    if (unreadable != null) {
      return Optional.of(new OwnershipRecord(txtName, type, new Owner.Unreadable(txtName, unreadable), ""));
    }
    if (ours != null && plain) {
      return Optional.of(new OwnershipRecord(txtName, type,
          new Owner.Unreadable(txtName, "an ownership record of ours mixed with other content"), ""));
    }
    if (ours != null) {
      return Optional.of(new OwnershipRecord(txtName, type, new Owner.Ours(), ours));
    }
    return affix
        ? Optional.of(new OwnershipRecord(txtName, type,
            new Owner.Unreadable(txtName, "not an external-dns ownership record format"), ""))
        : Optional.empty();
  }

  @Override
  public NameOwnership at(Hostname name) {
    Set<RecordType> blocked = EnumSet.noneOf(RecordType.class);
    for (RecordType type : plainTxt ? NameOwnership.MANAGED_TYPES : Set.<RecordType>of()) {
      String txtName = names.toTxtName(name, type, writeFormat);
      if (types.getOrDefault(txtName, Set.of()).contains(RecordType.TXT)) {
        blocked.add(type);
      }
    }
    return new NameOwnership(name, types.getOrDefault(name.value(), Set.of()),
        ownership.getOrDefault(name.value(), List.of()), apexes.contains(name.value()),
        Optional.ofNullable(speaksFor.get(name.value())), blocked, writeFormat == TxtFormat.OLD);
  }

  /** Endpoint names for which some ownership record of ours exists. */
  public List<Hostname> namesWithOurRecords() {
    List<Hostname> out = new ArrayList<>();
    ownership.forEach((name, records) -> {
      if (records.stream().anyMatch(r -> r.owner() instanceof Owner.Ours)
          && Hostname.parse(name) instanceof ParsedHostname.Valid valid) {
        out.add(valid.hostname());
      }
    });
    return out;
  }
}
