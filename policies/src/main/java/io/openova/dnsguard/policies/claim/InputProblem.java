package io.openova.dnsguard.policies.claim;

/** A value in an object that does not parse: it is denied with 422 and named in the message. */
public record InputProblem(ClaimSource source, String message) {
  public InputProblem {
    if (message.isBlank()) {
      throw new IllegalArgumentException("message must not be blank");
    }
  }
}
