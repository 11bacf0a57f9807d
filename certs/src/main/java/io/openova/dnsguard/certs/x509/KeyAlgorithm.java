package io.openova.dnsguard.certs.x509;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/** The key types dnsguard generates. ECDSA P-256 is the default: small, fast, accepted everywhere. */
public enum KeyAlgorithm {
  EC_P256("ec-p256"),
  RSA_2048("rsa-2048"),
  RSA_3072("rsa-3072");

  private final String cliName;

  KeyAlgorithm(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line, e.g. {@code ec-p256}. */
  public String cliName() {
    return cliName;
  }

  /** Parses a command-line name ({@code ec-p256}, {@code rsa-2048}, {@code rsa-3072}). */
  public static KeyAlgorithm fromCliName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (KeyAlgorithm algorithm : values()) {
      if (algorithm.cliName.equals(wanted)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException(
        "unknown key algorithm \"" + name + "\" (expected ec-p256, rsa-2048 or rsa-3072)");
  }

  KeyPair generate(SecureRandom random) {
    try {
      return switch (this) {
        case EC_P256 -> {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp256r1"), random);
          yield generator.generateKeyPair();
        }
        case RSA_2048, RSA_3072 -> {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(this == RSA_2048 ? 2048 : 3072, random);
          yield generator.generateKeyPair();
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + cliName + " key: " + e.getMessage(), e);
    }
  }
}
