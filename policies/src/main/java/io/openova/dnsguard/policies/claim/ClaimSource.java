package io.openova.dnsguard.policies.claim;

/** The field or annotation a claim was read from, e.g. {@code spec.hostnames[0]}. */
public record ClaimSource(String field) {
  public ClaimSource {
    if (field.isBlank()) {
      throw new IllegalArgumentException("field must not be blank");
    }
  }

  @Override
  public String toString() {
    return field;
  }
}
