package io.openova.dnsguard.cli.sandbox;

/** A sandbox step did not do what it should; the message says which and why. */
final class SandboxException extends Exception {
  SandboxException(String message) {
    super(message);
  }
}
