package io.openova.dnsguard.webhook.review;

import java.util.List;
import java.util.Objects;

/**
 * What dnsguard answers: allowed, or denied with an HTTP-style code and a message that the API
 * server shows to the user ({@code kubectl apply} prints it); warnings either way.
 */
public record AdmissionResponse(String uid, boolean allowed, int code, String message, List<String> warnings) {

  public AdmissionResponse {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(message, "message");
    warnings = List.copyOf(warnings);
    if (allowed && code != 200) {
      throw new IllegalArgumentException("an allowed response has code 200, not " + code);
    }
  }

  public static AdmissionResponse allow(String uid, List<String> warnings) {
    return new AdmissionResponse(uid, true, 200, "", warnings);
  }

  public static AdmissionResponse deny(String uid, int code, String message, List<String> warnings) {
    return new AdmissionResponse(uid, false, code, message, warnings);
  }
}
