package io.openova.dnsguard.webhook.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What dnsguard answers: allowed, or denied with an HTTP-style code and a message that the API
 * server shows to the user ({@code kubectl apply} prints it); warnings either way. {@code flagged}
 * lists the rules the object broke with the action each took, {@code fallbacks} the failure policies
 * that decided it because something did not answer; both are for metrics, never sent.
 */
public record AdmissionResponse(String uid, boolean allowed, int code, String message, List<String> warnings,
    List<Flagged> flagged, List<Fallback> fallbacks) {

  /** A broken rule ({@code first-claim}) and what admission did about it ({@code Enforce}, {@code Warn}, {@code Audit}). */
  public record Flagged(String rule, String action) {
    public Flagged {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(action, "action");
    }
  }

  /**
   * A failure policy applied: {@code cause} is what did not answer ({@code dns}, {@code leader},
   * {@code reservation}), {@code action} what the policy did ({@code refused}, or {@code ignored}:
   * decided without it).
   */
  public record Fallback(String cause, String action) {
    public Fallback {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(action, "action");
    }
  }

  public AdmissionResponse {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(message, "message");
    warnings = List.copyOf(warnings);
    flagged = List.copyOf(flagged);
    fallbacks = List.copyOf(fallbacks);
    if (allowed && code != 200) {
      throw new IllegalArgumentException("an allowed response has code 200, not " + code);
    }
  }

  public static AdmissionResponse allow(String uid, List<String> warnings) {
    return new AdmissionResponse(uid, true, 200, "", warnings, List.of(), List.of());
  }

  public static AdmissionResponse deny(String uid, int code, String message, List<String> warnings) {
    return new AdmissionResponse(uid, false, code, message, warnings, List.of(), List.of());
  }

  public AdmissionResponse withFlagged(List<Flagged> rules) {
    return new AdmissionResponse(uid, allowed, code, message, warnings, rules, fallbacks);
  }

  /** The same response, recorded as decided by a failure policy too. */
  public AdmissionResponse withFallback(String cause, String action) {
    List<Fallback> all = new ArrayList<>(fallbacks);
    all.add(new Fallback(cause, action));
    return new AdmissionResponse(uid, allowed, code, message, warnings, flagged, all);
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
