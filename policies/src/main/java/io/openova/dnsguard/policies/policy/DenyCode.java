package io.openova.dnsguard.policies.policy;

/** Why a claim is denied, with the HTTP status an admission response carries. */
public enum DenyCode {
  /** The object itself is malformed: a hostname, ttl or target that does not parse. */
  INVALID(422),
  /** The policy forbids it: domain permission, wildcards, reserved names. */
  FORBIDDEN(403),
  /** Someone else has it: another namespace, another external-dns owner, unowned records. */
  CONFLICT(409);

  private final int status;

  DenyCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
