package io.openova.dnsguard.policies.claim;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Objects;
import java.util.Set;

/**
 * One hostname an object wants in DNS. {@code recordTypes} are the types it will create when known
 * from the object (a target annotation, a DNSEndpoint); empty when they come from status later.
 */
public record Claim(Hostname hostname, ObjectRef owner, ClaimSource source, Set<RecordType> recordTypes) {
  public Claim {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(source, "source");
    recordTypes = Set.copyOf(recordTypes);
  }
}
