package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.name.Hostname;
import java.util.Objects;

/** A claim as the index holds it: which name, which object. */
public record IndexedClaim(Hostname hostname, ObjectRef owner) {
  public IndexedClaim {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(owner, "owner");
  }
}
