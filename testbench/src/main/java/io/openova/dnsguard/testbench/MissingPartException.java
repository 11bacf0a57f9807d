package io.openova.dnsguard.testbench;

/**
 * A real part (kube-apiserver, etcd, PowerDNS, Helm) is not on this machine. Tests that need it
 * fail with this message instead of skipping: a skipped test would hide a hole in CI.
 */
public final class MissingPartException extends RuntimeException {
  public MissingPartException(String message) {
    super(message);
  }

  public MissingPartException(String message, Throwable cause) {
    super(message, cause);
  }
}
