package io.openova.dnsguard.policies.registry;

import java.util.Map;
import java.util.Objects;

/** What a TXT record's content says about ownership. */
public sealed interface DecodedTxt {

  /** An external-dns ownership record of {@code ownerId}; {@code resource} is e.g. {@code ingress/ns/name} or empty. */
  record Owned(String ownerId, String resource, Map<String, String> labels) implements DecodedTxt {
    public Owned {
      if (ownerId.isEmpty()) {
        throw new IllegalArgumentException("ownerId must not be empty");
      }
      Objects.requireNonNull(resource, "resource");
      labels = Map.copyOf(labels);
    }
  }

  /** Not an ownership record: no heritage, or another heritage (SPF, site verification, another tool). */
  record Foreign(String content) implements DecodedTxt {
    public Foreign {
      Objects.requireNonNull(content, "content");
    }
  }

  /** Claims external-dns heritage but cannot be read (no owner label): treated as owned by an unknown party. */
  record Malformed(String content, String reason) implements DecodedTxt {
    public Malformed {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
