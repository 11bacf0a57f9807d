package io.openova.dnsguard.policies.policy;

/** A policy document that cannot be used; the message names the source, line and field. */
public final class PolicyException extends Exception {
  public PolicyException(String message) {
    super(message);
  }
}
