package io.openova.dnsguard.certs.x509;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A serving (leaf) certificate and its private key.
 *
 * @throws IllegalArgumentException if the key does not belong to the certificate
 */
public record ServingCertificate(PrivateKey privateKey, X509Certificate certificate) {
  public ServingCertificate {
    Keys.requireMatch(privateKey, certificate);
  }

  /** Names the certificate only: the private key is never part of the text. */
  @Override
  public String toString() {
    return Keys.describe("ServingCertificate", certificate);
  }
}
