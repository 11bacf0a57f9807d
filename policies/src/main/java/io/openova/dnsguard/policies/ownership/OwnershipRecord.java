package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.name.RecordType;
import java.util.Objects;
import java.util.Optional;

/**
 * One ownership TXT record set found for an endpoint name, classified once.
 *
 * @param txtName the TXT record's name, e.g. {@code _externaldns.a-api.example.com}
 * @param recordType the type it speaks for (new format); empty for the old, type-less format
 * @param owner {@link Owner.Ours}, {@link Owner.Other} or {@link Owner.Unreadable}
 * @param resource the resource named in a readable record (may be empty)
 */
public record OwnershipRecord(String txtName, Optional<RecordType> recordType, Owner owner, String resource) {
  public OwnershipRecord {
    Objects.requireNonNull(txtName, "txtName");
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(resource, "resource");
    if (!(owner instanceof Owner.Ours || owner instanceof Owner.Other || owner instanceof Owner.Unreadable)) {
      throw new IllegalArgumentException("an ownership record is ours, another owner's or unreadable, not " + owner);
    }
  }

  /** True if it speaks for {@code type}: typed for it, or type-less. */
  boolean covers(RecordType type) {
    return recordType.isEmpty() || recordType.get() == type;
  }
}
