package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.ownership.NameOwnership;
import java.util.Objects;
import java.util.Set;

/**
 * A record set some source object wants to exist.
 *
 * @param resource the owning object as external-dns writes it into the TXT record: {@code
 *     <kind>/<namespace>/<name>}, e.g. {@code httproute/team-a/api}
 */
public record Desired(RecordSet set, String resource) {

  /** The record types dnsguard writes (plus their ownership TXT). */
  public static final Set<RecordType> MANAGED_TYPES = NameOwnership.MANAGED_TYPES;

  public Desired {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(resource, "resource");
    if (!MANAGED_TYPES.contains(set.type())) {
      throw new IllegalArgumentException("dnsguard writes A, AAAA and CNAME records, not " + set.type()
          + " (" + set.name() + " from " + resource + ")");
    }
    if (resource.contains(",") || resource.contains("\"")) {
      throw new IllegalArgumentException("resource must not contain ',' or '\"': " + resource);
    }
  }
}
