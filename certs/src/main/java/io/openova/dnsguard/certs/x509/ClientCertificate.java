package io.openova.dnsguard.certs.x509;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A client certificate (extended key usage {@code clientAuth}) and its private key.
 *
 * @throws IllegalArgumentException if the key does not belong to the certificate
 */
public record ClientCertificate(PrivateKey privateKey, X509Certificate certificate) {
  public ClientCertificate {
    Keys.requireMatch(privateKey, certificate);
  }

  /** Names the certificate only: the private key is never part of the text. */
  @Override
  public String toString() {
    return Keys.describe("ClientCertificate", certificate);
  }
}
