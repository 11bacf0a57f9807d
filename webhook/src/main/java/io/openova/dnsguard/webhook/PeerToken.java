package io.openova.dnsguard.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * The secret webhook replicas present to each other's claims endpoint, read from a file (the
 * chart mounts one Secret into every replica). Compared in constant time, as SHA-256 digests so
 * the length of a guess tells nothing either. Never logged, never an argument.
 */
final class PeerToken {
  static final int MIN_LENGTH = 32;
  private static final String BEARER = "Bearer ";

  private final String authorization;
  private final byte[] digest;

  private PeerToken(String token) {
    this.authorization = BEARER + token;
    this.digest = sha256(token);
  }

  /**
   * Reads the token (surrounding whitespace dropped).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or the token is too short
   */
  static PeerToken read(Path file) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the peer token file " + file + ": " + e.getMessage());
    }
    return of(token, "the peer token in " + file);
  }

  static PeerToken of(String token, String what) {
    if (token.length() < MIN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException(what + " must be at least " + MIN_LENGTH
          + " printable ASCII characters without spaces");
    }
    return new PeerToken(token);
  }

  /** The {@code Authorization} header value a replica sends. */
  String authorization() {
    return authorization;
  }

  /** True when {@code header} is {@code Bearer <this token>}; constant time in the token's content. */
  boolean admits(@Nullable String header) {
    if (header == null || !header.startsWith(BEARER)) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(header.substring(BEARER.length())));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "PeerToken[redacted]";
  }
}
