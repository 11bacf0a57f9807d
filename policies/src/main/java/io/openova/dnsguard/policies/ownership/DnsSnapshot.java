package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.registry.DecodedTxt;
import io.openova.dnsguard.policies.registry.OwnershipRecordName;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable view of some zones' records with their ownership decoded: every TXT record whose
 * content carries external-dns heritage is mapped back (through the name mapper, both formats) to
 * the endpoint it speaks for; all other records count as records at their name.
 */
public final class DnsSnapshot implements DnsView {

  private final Set<String> apexes;
  private final Map<String, List<TxtOwnership>> ownership;
  private final Map<String, Set<RecordType>> types;
  private final Map<String, Hostname> ownershipRecords;

  private DnsSnapshot(
      Set<String> apexes,
      Map<String, List<TxtOwnership>> ownership,
      Map<String, Set<RecordType>> types,
      Map<String, Hostname> ownershipRecords) {
    this.apexes = Set.copyOf(apexes);
    this.ownership = Map.copyOf(ownership);
    this.types = Map.copyOf(types);
    this.ownershipRecords = Map.copyOf(ownershipRecords);
  }

  public static DnsSnapshot of(Collection<ZoneRecords> zones, TxtNameMapper mapper, TxtRecordCodec codec) {
    Set<String> apexes = new HashSet<>();
    Map<String, List<TxtOwnership>> ownership = new HashMap<>();
    Map<String, Set<RecordType>> types = new HashMap<>();
    Map<String, Hostname> ownershipRecords = new HashMap<>();
    for (ZoneRecords zone : zones) {
      apexes.add(zone.zone().value());
      for (DnsRecord record : zone.records()) {
        if (record.type() == RecordType.TXT && !(codec.decode(record.data()) instanceof DecodedTxt.Foreign)) {
          DecodedTxt decoded = codec.decode(record.data());
          Optional<OwnershipRecordName> endpoint = mapper.toEndpoint(record.name());
          if (endpoint.isPresent()) {
            Hostname name = endpoint.get().endpoint();
            ownership.computeIfAbsent(name.value(), k -> new ArrayList<>()).add(new TxtOwnership(record.name(), decoded));
            ownershipRecords.put(record.name(), name);
            continue;
          }
        }
        types.computeIfAbsent(record.name(), k -> EnumSet.noneOf(RecordType.class)).add(record.type());
      }
    }
    ownership.replaceAll((name, list) -> List.copyOf(list));
    types.replaceAll((name, set) -> Set.copyOf(set));
    return new DnsSnapshot(apexes, ownership, types, ownershipRecords);
  }

  @Override
  public List<TxtOwnership> ownershipOf(Hostname name) {
    return ownership.getOrDefault(name.value(), List.of());
  }

  @Override
  public Set<RecordType> recordTypesAt(Hostname name) {
    return types.getOrDefault(name.value(), Set.of());
  }

  @Override
  public boolean isZoneApex(Hostname name) {
    return apexes.contains(name.value());
  }

  @Override
  public Optional<Hostname> ownershipRecordAt(Hostname name) {
    return Optional.ofNullable(ownershipRecords.get(name.value()));
  }
}
