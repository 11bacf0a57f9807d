package io.openova.dnsguard.policies.policy;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.Objects;
import java.util.Optional;

/**
 * One reason an object is denied.
 *
 * @param rule the rule broken
 * @param hostname the claimed name, when the violation is about one (its domain rule's action applies)
 * @param message the full sentence a denial shows: what collided, with whom, since when
 * @param collision the same in a few words (no hostname), for warnings kubectl prints on one line
 */
public record Violation(PolicyRule rule, DenyCode code, Optional<Hostname> hostname, String message, String collision) {
  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(hostname, "hostname");
    if (message.isBlank() || collision.isBlank()) {
      throw new IllegalArgumentException("message and collision must not be blank");
    }
  }

  static Violation of(PolicyRule rule, DenyCode code, Hostname hostname, String message, String collision) {
    return new Violation(rule, code, Optional.of(hostname), message, collision);
  }
}
