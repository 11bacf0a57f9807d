package io.openova.dnsguard.policies.policy;

import java.util.List;
import java.util.stream.Collectors;

/** The verdict on one object. */
public sealed interface Decision {

  Allow ALLOW = new Allow();

  record Allow() implements Decision {}

  /**
   * Denied; {@code code} is the first violation's (input errors first, then policy, then conflicts)
   * and {@code message} lists every violation, so one {@code kubectl apply} shows everything to fix.
   */
  record Deny(DenyCode code, String message, List<Violation> violations) implements Decision {
    public Deny {
      violations = List.copyOf(violations);
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("a denial needs at least one violation");
      }
    }

    static Deny of(List<Violation> violations) {
      List<Violation> ordered =
          violations.stream().sorted(java.util.Comparator.comparing(Violation::code)).toList();
      String message = ordered.stream().map(Violation::message).distinct().collect(Collectors.joining("; "));
      return new Deny(ordered.getFirst().code(), message, ordered);
    }
  }

  default boolean allowed() {
    return this instanceof Allow;
  }
}
