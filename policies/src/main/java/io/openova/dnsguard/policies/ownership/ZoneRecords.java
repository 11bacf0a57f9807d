package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.List;
import java.util.Objects;

/** All records of one zone, as a provider lists them. */
public record ZoneRecords(Hostname zone, List<DnsRecord> records) {
  public ZoneRecords {
    Objects.requireNonNull(zone, "zone");
    records = List.copyOf(records);
  }
}
