package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.DnsRecord;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import io.openova.dnsguard.policies.ownership.ZoneRecords;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.TxtSettings;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Who we are in the TXT registry, how ownership records are named and written, and whether records
 * without any ownership record may be adopted.
 *
 * @param ownerId external-dns's {@code --txt-owner-id}
 * @param names maps endpoint names to ownership record names; both formats are always read
 * @param writeFormat the format written for new ownership records
 * @param codec reads and writes the contents (plain or encrypted)
 * @param adoptUnowned the policy's {@code adoptUnowned}: take over record sets that have no
 *     ownership record at all (never one that has an ownership record dnsguard cannot read)
 */
public record Ownership(String ownerId, TxtNameMapper names, TxtFormat writeFormat, TxtRecordCodec codec,
    boolean adoptUnowned) {

  public Ownership {
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(writeFormat, "writeFormat");
    Objects.requireNonNull(codec, "codec");
    if (ownerId.isBlank() || ownerId.contains(",") || ownerId.contains("=") || ownerId.contains("\"")) {
      throw new IllegalArgumentException("owner id must be non-empty without ',', '=' or '\"': \"" + ownerId + "\"");
    }
  }

  /** Never adopts. */
  public Ownership(String ownerId, TxtNameMapper names, TxtFormat writeFormat, TxtRecordCodec codec) {
    this(ownerId, names, writeFormat, codec, false);
  }

  /** Plain (unencrypted) contents with the policy's TXT settings; never adopts. */
  public static Ownership of(String ownerId, TxtSettings settings) {
    return new Ownership(ownerId, settings.mapper(), settings.format(), TxtRecordCodec.plain());
  }

  /** The policy's owner id, TXT settings and {@code adoptUnowned}, reading and writing with {@code codec}. */
  public static Ownership of(DnsPolicy policy, TxtRecordCodec codec) {
    return new Ownership(policy.ownerId(), policy.txt().mapper(), policy.txt().format(), codec, policy.adoptUnowned());
  }

  /** Decodes zones into the one ownership model the evaluator and the planner share. */
  public ZoneOwnership decode(Collection<ZoneRecords> zones) {
    return ZoneOwnership.decode(zones, ownerId, names, writeFormat, codec);
  }

  /** Decodes one zone given as record sets, as a provider lists them (sets outside the zone left out). */
  public ZoneOwnership decode(Hostname zone, Collection<RecordSet> sets) {
    List<RecordSet> inZone = sets.stream().filter(set -> set.name().isWithin(zone)).toList();
    return decode(List.of(new ZoneRecords(zone, records(inZone))));
  }

  /** Record sets as single records (TXT values stay joined, unquoted). */
  public static List<DnsRecord> records(Collection<RecordSet> sets) {
    List<DnsRecord> records = new ArrayList<>();
    for (RecordSet set : sets) {
      for (String value : set.values()) {
        records.add(new DnsRecord(set.name().value(), set.type(), set.ttl(), value));
      }
    }
    return records;
  }
}
