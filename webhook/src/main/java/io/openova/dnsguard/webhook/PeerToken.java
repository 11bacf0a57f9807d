package io.openova.dnsguard.webhook;

import io.openova.dnsguard.certs.tls.TlsMaterial;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The secret webhook replicas present to each other's claims endpoint. Every replica already holds
 * one secret in common: the serving key of the webhook's TLS Secret (self-managed or cert-manager's).
 * The token is an HMAC-SHA256 keyed with that key, so no other Secret has to be generated, kept
 * stable across {@code helm template} renders, or rotated; whoever could read it could serve as the
 * webhook anyway. Compared in constant time, as SHA-256 digests so the length of a guess tells
 * nothing either. Never logged, never an argument.
 */
final class PeerToken {
  private static final String BEARER = "Bearer ";
  private static final byte[] PURPOSE = "dnsguard webhook claims peer token v1".getBytes(StandardCharsets.US_ASCII);

  private final String authorization;
  private final byte[] digest;

  private PeerToken(String token) {
    this.authorization = BEARER + token;
    this.digest = sha256(token.getBytes(StandardCharsets.US_ASCII));
  }

  /** The token of the replicas serving {@code material}. */
  static PeerToken of(TlsMaterial material) {
    return of(material.privateKey());
  }

  static PeerToken of(PrivateKey servingKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(servingKey.getEncoded(), "HmacSHA256"));
      return new PeerToken(Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(PURPOSE)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256: " + e.getMessage(), e);
    }
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
    return MessageDigest.isEqual(digest, sha256(header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PeerToken token && MessageDigest.isEqual(digest, token.digest);
  }

  @Override
  public int hashCode() {
    return digest[0];
  }

  @Override
  public String toString() {
    return "PeerToken[redacted]";
  }
}
