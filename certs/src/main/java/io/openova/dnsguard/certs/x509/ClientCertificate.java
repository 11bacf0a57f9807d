package io.openova.dnsguard.certs.x509;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A client certificate (extended key usage {@code clientAuth}) and its private key.
 *
 * @throws IllegalArgumentException if the key does not belong to the certificate
 */
public record ClientCertificate(PrivateKey privateKey, X509Certificate certificate) {
  public ClientCertificate {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(certificate, "certificate");
    if (!Keys.matches(privateKey, certificate.getPublicKey())) {
      throw new IllegalArgumentException(
          "the private key does not belong to the certificate "
              + certificate.getSubjectX500Principal().getName());
    }
  }

  /** Names the certificate only: the private key is never part of the text. */
  @Override
  public String toString() {
    return "ClientCertificate[subject=" + certificate.getSubjectX500Principal().getName() + ", serial="
        + certificate.getSerialNumber().toString(16) + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
  }
}
