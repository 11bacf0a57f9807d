package io.openova.dnsguard.webhook.review;

import java.util.List;
import java.util.Objects;

/**
 * What dnsguard answers: allowed, or denied with an HTTP-style code and a message that the API
 * server shows to the user ({@code kubectl apply} prints it); warnings either way. {@code flagged}
 * lists the rules the object broke with the action each took; it is for metrics, never sent.
 */
public record AdmissionResponse(String uid, boolean allowed, int code, String message, List<String> warnings,
    List<Flagged> flagged) {

  /** A broken rule ({@code first-claim}) and what admission did about it ({@code Enforce}, {@code Warn}, {@code Audit}). */
  public record Flagged(String rule, String action) {
    public Flagged {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(action, "action");
    }
  }

  public AdmissionResponse {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(message, "message");
    warnings = List.copyOf(warnings);
    flagged = List.copyOf(flagged);
    if (allowed && code != 200) {
      throw new IllegalArgumentException("an allowed response has code 200, not " + code);
    }
  }

  public static AdmissionResponse allow(String uid, List<String> warnings) {
    return new AdmissionResponse(uid, true, 200, "", warnings, List.of());
  }

  public static AdmissionResponse deny(String uid, int code, String message, List<String> warnings) {
    return new AdmissionResponse(uid, false, code, message, warnings, List.of());
  }

  public AdmissionResponse withFlagged(List<Flagged> rules) {
    return new AdmissionResponse(uid, allowed, code, message, warnings, rules);
  }

  /** {@code denied}, {@code warned}, {@code audited} or {@code allowed}: the decision label of the metrics. */
  public String outcome() {
    if (!allowed) {
      return "denied";
    }
    if (flagged.stream().anyMatch(f -> f.action().equals("Warn"))) {
      return "warned";
    }
    return flagged.stream().anyMatch(f -> f.action().equals("Audit")) ? "audited" : "allowed";
  }
}
