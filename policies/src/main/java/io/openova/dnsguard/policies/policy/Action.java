package io.openova.dnsguard.policies.policy;

import java.util.Locale;

/**
 * What admission does with a violation (Kyverno's {@code validationActions}, Gatekeeper's
 * {@code enforcementAction}): refuse it, admit it with a warning kubectl prints, or admit it
 * silently. The background audit reports every violation whatever its action.
 */
public enum Action {
  /** Deny the request (the default). */
  ENFORCE,
  /** Admit, with an AdmissionReview warning naming the collision. */
  WARN,
  /** Admit silently; the violation shows only in the reports. */
  AUDIT;

  /** As written in a DNSPolicy: {@code Enforce}, {@code Warn}, {@code Audit}. */
  public String spelling() {
    String lower = name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  static Action parse(String spelling) {
    return valueOf(spelling.toUpperCase(Locale.ROOT)); // the schema admits only the three spellings
  }
}
