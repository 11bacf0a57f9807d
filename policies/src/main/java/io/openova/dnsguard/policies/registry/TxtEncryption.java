package io.openova.dnsguard.policies.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * external-dns's {@code --txt-encrypt-aes-key}: gzip, then AES-256-GCM with a 12-byte nonce, then
 * base64(nonce ‖ ciphertext ‖ tag). The key is 32 raw bytes, or base64 of 32 bytes.
 *
 * <p>Decrypted content inflates to at most {@link #MAX_PLAIN_BYTES}: an ownership record is a few
 * hundred bytes, and gzip expands up to ~1000:1, so a record sealed with the key (by anyone who has
 * it) could otherwise cost tens of megabytes each time a zone is read.
 */
public final class TxtEncryption {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int GZIP_MINIMUM = 18; // 10-byte header, 8-byte trailer
  /** The most a decrypted record may inflate to: 64 KiB, the size of a whole DNS message. */
  public static final int MAX_PLAIN_BYTES = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private TxtEncryption(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** Accepts the key as external-dns does: 32 characters as-is, otherwise base64 of 32 bytes. */
  public static TxtEncryption ofKey(String keyText) {
    byte[] raw = keyText.getBytes(StandardCharsets.UTF_8);
    if (raw.length == 32) {
      return new TxtEncryption(raw);
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(keyText);
      if (decoded.length == 32) {
        return new TxtEncryption(decoded);
      }
    } catch (IllegalArgumentException notBase64) {
      // falls through to the error below
    }
    throw new IllegalArgumentException("the AES key must be 32 bytes long, as plain text or base64");
  }

  /** Encrypts with a fresh random nonce. */
  public String encrypt(String plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return encrypt(plain, nonce);
  }

  /** Encrypts with the given nonce (external-dns reuses a record's nonce so its content stays stable). */
  public String encrypt(String plain, byte[] nonce) {
    if (nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("nonce must be 12 bytes");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(gzip(plain.getBytes(StandardCharsets.UTF_8)));
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /**
   * The plain text, or empty if {@code text} is not base64 of a record sealed with this key.
   *
   * @throws TooLargeException when the record opens with this key but inflates beyond {@link #MAX_PLAIN_BYTES}
   */
  public Optional<String> decrypt(String text) {
    byte[] data;
    try {
      data = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    if (data.length <= NONCE_BYTES) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Optional.of(new String(gunzipIfCompressed(plain), StandardCharsets.UTF_8));
    } catch (GeneralSecurityException wrongKeyOrTampered) {
      return Optional.empty();
    }
  }

  /**
   * True if {@code text} has the shape of external-dns's encrypted content: standard base64 of a
   * nonce, a gzip stream (header and trailer at least) and the GCM tag. Any key or none: what
   * matters is that it could be a sealed ownership record, so it must not pass for "none".
   */
  static boolean looksSealed(String text) {
    if (text.length() < 4 || text.length() % 4 != 0) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(text).length >= NONCE_BYTES + GZIP_MINIMUM + TAG_BITS / 8;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out) {
      {
        def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
      }
    }) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  // external-dns falls back to the raw bytes when decompression fails; so do we.
  private static byte[] gunzipIfCompressed(byte[] data) {
    byte[] plain;
    try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(data))) {
      plain = gz.readNBytes(MAX_PLAIN_BYTES + 1);
    } catch (IOException notGzip) {
      return data;
    }
    if (plain.length > MAX_PLAIN_BYTES) {
      throw new TooLargeException("encrypted TXT content inflates beyond " + MAX_PLAIN_BYTES / 1024
          + " KiB (an ownership record is a few hundred bytes): not read");
    }
    return plain;
  }

  /** A record sealed with our key whose content inflates beyond {@link #MAX_PLAIN_BYTES}. */
  public static final class TooLargeException extends IllegalArgumentException {
    TooLargeException(String message) {
      super(message);
    }
  }
}
