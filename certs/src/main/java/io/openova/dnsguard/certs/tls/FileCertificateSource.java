package io.openova.dnsguard.certs.tls;

import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.certs.pem.PemException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Certificates mounted as files, e.g. a cert-manager Secret volume.
 *
 * <p>The kubelet updates a Secret volume by writing a new timestamped directory and swapping the
 * {@code ..data} symlink, so modification times say little: every check reads the files (through the
 * symlinks) and compares a SHA-256 of their contents. The key and certificate are two files read one
 * after the other; a check that sees them mid-update (key and certificate do not match) keeps the old
 * material and the next check tries again.
 */
final class FileCertificateSource extends PollingCertificateSource {
  private static final System.Logger LOG = System.getLogger(CertificateSource.class.getName());

  private final Path chainFile;
  private final Path keyFile;
  private final @Nullable Path caFile;
  private byte[] loadedDigest;
  private byte[] failedDigest = new byte[0];

  FileCertificateSource(Path chainFile, Path keyFile, @Nullable Path caFile) {
    this(chainFile, keyFile, caFile, Contents.read(chainFile, keyFile, caFile));
  }

  private FileCertificateSource(Path chainFile, Path keyFile, @Nullable Path caFile, Contents initial) {
    super(initial.parse(chainFile, keyFile, caFile));
    this.chainFile = chainFile;
    this.keyFile = keyFile;
    this.caFile = caFile;
    this.loadedDigest = initial.digest();
  }

  @Override
  @Nullable
  TlsMaterial load() {
    Contents contents = Contents.read(chainFile, keyFile, caFile);
    byte[] digest = contents.digest();
    if (Arrays.equals(digest, loadedDigest)) {
      return null;
    }
    try {
      TlsMaterial material = contents.parse(chainFile, keyFile, caFile);
      loadedDigest = digest;
      return material;
    } catch (PemException | IllegalArgumentException e) {
      if (!Arrays.equals(digest, failedDigest)) {
        failedDigest = digest;
        LOG.log(Level.WARNING, "mounted certificate files changed but cannot be used yet: {0}", e.getMessage());
      }
      return null;
    }
  }

  /** The three files' bytes, read once per check. */
  private record Contents(byte[] chain, byte[] key, byte @Nullable [] ca) {
    static Contents read(Path chainFile, Path keyFile, @Nullable Path caFile) {
      return new Contents(bytes(chainFile), bytes(keyFile), caFile == null ? null : bytes(caFile));
    }

    TlsMaterial parse(Path chainFile, Path keyFile, @Nullable Path caFile) {
      List<X509Certificate> certificates = PemCodec.decodeCertificates(text(chain), chainFile.toString());
      PrivateKey privateKey = PemCodec.decodePrivateKey(text(key), keyFile.toString());
      List<X509Certificate> bundle =
          ca == null || caFile == null ? List.of() : PemCodec.decodeCertificates(text(ca), caFile.toString());
      try {
        return new TlsMaterial(privateKey, certificates, bundle);
      } catch (IllegalArgumentException e) {
        throw new PemException(keyFile + " and " + chainFile + ": " + e.getMessage(), e);
      }
    }

    byte[] digest() {
      try {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] part : partsInOrder()) {
          digest.update(Integer.toString(part.length).getBytes(StandardCharsets.US_ASCII));
          digest.update((byte) ':');
          digest.update(part);
        }
        return digest.digest();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    private List<byte[]> partsInOrder() {
      List<byte[]> parts = new ArrayList<>(List.of(chain, key));
      if (ca != null) {
        parts.add(ca);
      }
      return parts;
    }

    private static String text(byte[] bytes) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(Path file) {
      try {
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new PemException(file + ": no such file");
      } catch (IOException e) {
        throw new PemException(file + ": cannot read: " + e.getMessage(), e);
      }
    }
  }
}
