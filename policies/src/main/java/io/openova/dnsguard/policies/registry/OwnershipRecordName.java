package io.openova.dnsguard.policies.registry;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Objects;
import java.util.Optional;

/** What an ownership TXT record name stands for: the endpoint name and, in the new format, its type. */
public record OwnershipRecordName(Hostname endpoint, Optional<RecordType> recordType) {
  public OwnershipRecordName {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(recordType, "recordType");
  }
}
