package io.openova.dnsguard.certs.x509;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.Objects;

/** Key helpers shared by the records of this package. */
final class Keys {
  private static final byte[] PROBE = "dnsguard key pair probe".getBytes(StandardCharsets.US_ASCII);

  private Keys() {}

  /** The signature algorithm a key of this type signs certificates with. */
  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    };
  }

  /** Whether the private key belongs to the public key (RSA: same modulus; others: sign and verify). */
  static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    if (privateKey instanceof RSAKey rsaPrivate && publicKey instanceof RSAKey rsaPublic) {
      return rsaPrivate.getModulus().equals(rsaPublic.getModulus());
    }
    try {
      String algorithm = signatureAlgorithm(privateKey);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The checks a leaf's record makes: both parts present, and the key is the certificate's.
   *
   * @throws IllegalArgumentException if the key does not belong to the certificate
   */
  static void requireMatch(PrivateKey privateKey, X509Certificate certificate) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(certificate, "certificate");
    if (!matches(privateKey, certificate.getPublicKey())) {
      throw new IllegalArgumentException(
          "the private key does not belong to the certificate " + certificate.getSubjectX500Principal().getName());
    }
  }

  /** A leaf's record as text: the certificate only, never the private key. */
  static String describe(String record, X509Certificate certificate) {
    return record + "[subject=" + certificate.getSubjectX500Principal().getName() + ", serial="
        + certificate.getSerialNumber().toString(16) + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
  }
}
