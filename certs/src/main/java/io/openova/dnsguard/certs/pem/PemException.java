package io.openova.dnsguard.certs.pem;

/**
 * PEM input that cannot be used. The message names the source (a file, a Secret key) and what is wrong
 * with it, and is meant to be shown to a person as it is.
 */
public final class PemException extends RuntimeException {
  public PemException(String message) {
    super(message);
  }

  public PemException(String message, Throwable cause) {
    super(message, cause);
  }
}
