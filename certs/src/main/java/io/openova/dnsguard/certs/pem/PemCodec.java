package io.openova.dnsguard.certs.pem;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * Writes and reads PEM.
 *
 * <p>Private keys are always written as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), the form every
 * TLS stack reads (Helidon's reader rejects {@code BEGIN EC PRIVATE KEY}). On reading, PKCS#8 and the
 * traditional PKCS#1 RSA / SEC1 EC forms are accepted. Reading is strict: no PEM block, a block of the
 * wrong type, broken base64 or DER, or an encrypted key give a {@link PemException} naming the source.
 * Text between blocks is ignored, as RFC 7468 allows.
 */
public final class PemCodec {
  private PemCodec() {}

  /** Certificates as concatenated {@code CERTIFICATE} blocks, in the given order. */
  public static String encodeCertificates(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static String encodeCertificate(X509Certificate certificate) {
    return encodeCertificates(List.of(certificate));
  }

  /** The key as an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
  public static String encodePrivateKey(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (PemGenerationException e) {
      throw new IllegalArgumentException("cannot encode " + key.getAlgorithm() + " private key as PKCS#8", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Reads a file of one or more certificates. */
  public static List<X509Certificate> readCertificates(Path file) {
    return decodeCertificates(read(file), file.toString());
  }

  /** Reads a file holding one private key. */
  public static PrivateKey readPrivateKey(Path file) {
    return decodePrivateKey(read(file), file.toString());
  }

  /**
   * The certificates in {@code pem}, in order.
   *
   * @param source names the input in error messages, e.g. a file name or {@code Secret ns/name key tls.crt}
   */
  public static List<X509Certificate> decodeCertificates(String pem, String source) {
    List<Object> objects = parse(pem, source);
    CertificateFactory factory = certificateFactory();
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object object : objects) {
      if (!(object instanceof X509CertificateHolder holder)) {
        throw new PemException(source + ": expected only CERTIFICATE blocks, found " + describe(object));
      }
      try {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(holder.getEncoded())));
      } catch (CertificateException | IOException e) {
        throw new PemException(
            source + ": certificate " + (certificates.size() + 1) + " cannot be read: " + e.getMessage(), e);
      }
    }
    return List.copyOf(certificates);
  }

  /** The single private key in {@code pem} (PKCS#8, PKCS#1 RSA or SEC1 EC). */
  public static PrivateKey decodePrivateKey(String pem, String source) {
    List<Object> objects = parse(pem, source);
    if (objects.size() != 1) {
      throw new PemException(source + ": expected one private key, found " + objects.size() + " PEM blocks");
    }
    Object object = objects.getFirst();
    PrivateKeyInfo info =
        switch (object) {
          case PrivateKeyInfo pkcs8 -> pkcs8;
          case PEMKeyPair traditional -> traditional.getPrivateKeyInfo();
          case PEMEncryptedKeyPair encrypted ->
              throw new PemException(source + ": the private key is encrypted; dnsguard needs an unencrypted key");
          case PKCS8EncryptedPrivateKeyInfo encrypted ->
              throw new PemException(source + ": the private key is encrypted; dnsguard needs an unencrypted key");
          default -> throw new PemException(source + ": expected a private key, found " + describe(object));
        };
    return toPrivateKey(info, source);
  }

  private static PrivateKey toPrivateKey(PrivateKeyInfo info, String source) {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    String algorithm;
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      algorithm = "EC";
    } else if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      algorithm = "RSA";
    } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      algorithm = "Ed25519";
    } else {
      throw new PemException(source + ": unsupported private key algorithm " + oid.getId());
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new PemException(source + ": the " + algorithm + " private key cannot be read: " + e.getMessage(), e);
    }
  }

  private static List<Object> parse(String pem, String source) {
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      throw new PemException(source + ": malformed PEM: " + message(e), e);
    }
    if (objects.isEmpty()) {
      throw new PemException(
          source + (pem.isBlank() ? ": is empty" : ": no PEM block found (expected -----BEGIN ...-----)"));
    }
    return objects;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new PemException(file + ": no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new PemException(file + ": not a PEM file (contains non-ASCII bytes)");
    } catch (IOException e) {
      throw new PemException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String describe(Object object) {
    return switch (object) {
      case X509CertificateHolder certificate -> "a CERTIFICATE";
      case PrivateKeyInfo key -> "a PRIVATE KEY";
      case PEMKeyPair key -> "a private key";
      case PEMEncryptedKeyPair key -> "an encrypted private key";
      case PKCS8EncryptedPrivateKeyInfo key -> "an encrypted private key";
      default -> "a " + object.getClass().getSimpleName();
    };
  }

  private static String message(Throwable e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static CertificateFactory certificateFactory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
