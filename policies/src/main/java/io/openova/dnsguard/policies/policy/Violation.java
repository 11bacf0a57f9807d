package io.openova.dnsguard.policies.policy;

import java.util.Objects;

/** One reason an object is denied. */
public record Violation(DenyCode code, String message) {
  public Violation {
    Objects.requireNonNull(code, "code");
    if (message.isBlank()) {
      throw new IllegalArgumentException("message must not be blank");
    }
  }
}
