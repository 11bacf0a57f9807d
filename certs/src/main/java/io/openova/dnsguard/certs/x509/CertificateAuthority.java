package io.openova.dnsguard.certs.x509;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A CA that can sign serving certificates: its certificate and the matching private key.
 *
 * @throws IllegalArgumentException if the key does not belong to the certificate or the certificate
 *     is not a CA
 */
public record CertificateAuthority(PrivateKey privateKey, X509Certificate certificate) {
  public CertificateAuthority {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(certificate, "certificate");
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "certificate " + certificate.getSubjectX500Principal().getName() + " is not a CA certificate");
    }
    if (!Keys.matches(privateKey, certificate.getPublicKey())) {
      throw new IllegalArgumentException("the CA private key does not belong to the CA certificate");
    }
  }

  /** Names the certificate only: the private key is never part of the text. */
  @Override
  public String toString() {
    return "CertificateAuthority[subject=" + certificate.getSubjectX500Principal().getName() + ", serial="
        + certificate.getSerialNumber().toString(16) + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
  }
}
