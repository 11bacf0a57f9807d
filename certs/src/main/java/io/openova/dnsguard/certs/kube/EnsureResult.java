package io.openova.dnsguard.certs.kube;

import io.openova.dnsguard.certs.x509.ManagedCertificates;
import java.util.Objects;

/**
 * What {@link SecretCertificateStore#ensure()} did, and the certificates now in the Secret.
 *
 * @param detail why it did it, for logs and the command line
 */
public record EnsureResult(Outcome outcome, ManagedCertificates certificates, String detail) {
  public EnsureResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(certificates, "certificates");
    Objects.requireNonNull(detail, "detail");
  }

  public enum Outcome {
    /** The Secret did not exist; this replica created it. */
    CREATED,
    /** The serving certificate was renewed from the same CA. */
    RENEWED,
    /** A new CA was made; the previous one stays in ca.crt until it expires. */
    ROTATED,
    /** The Secret held no usable pair (empty, or a key missing or broken); a new pair replaced it. */
    REPLACED,
    /** The Secret's pair is good; nothing was written. */
    UNCHANGED,
    /** Another replica wrote the Secret first; its pair is used. */
    ADOPTED;

    /** Whether this replica wrote the Secret. */
    public boolean wrote() {
      return switch (this) {
        case CREATED, RENEWED, ROTATED, REPLACED -> true;
        case UNCHANGED, ADOPTED -> false;
      };
    }
  }
}
