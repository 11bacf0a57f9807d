package io.openova.dnsguard.certs.tls;

import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.ServingCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a TLS server needs to serve: the private key, the certificate chain (leaf first) and the CA
 * certificates clients are told to trust (the caBundle). Hand it to Helidon's {@code Tls} builder as
 * objects ({@link #privateKey()}, {@link #chain()}) or as PEM ({@link #privateKeyPem()},
 * {@link #chainPem()}), or use {@link #keyStore(char[])} / {@link #sslContext()}.
 *
 * @throws IllegalArgumentException if the chain is empty or the key does not belong to the leaf
 */
public record TlsMaterial(PrivateKey privateKey, List<X509Certificate> chain, List<X509Certificate> caBundle) {

  /** The alias of the entry in {@link #keyStore(char[])}. */
  public static final String KEY_ALIAS = "dnsguard";

  /** The protocols {@link #sslContext()} servers should enable: TLS 1.2 and newer. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  public TlsMaterial {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    caBundle = List.copyOf(caBundle);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("the certificate chain is empty");
    }
    // Checks that the key belongs to the leaf.
    new ServingCertificate(privateKey, chain.getFirst());
  }

  /** The serving certificate and its CA bundle of a self-managed pair. */
  public static TlsMaterial of(ManagedCertificates certificates) {
    return new TlsMaterial(
        certificates.serving().privateKey(), List.of(certificates.serving().certificate()), certificates.caBundle());
  }

  public X509Certificate leaf() {
    return chain.getFirst();
  }

  /** The chain as an array, as {@code KeyStore.setKeyEntry} and Helidon's {@code Tls} builder take it. */
  public X509Certificate[] chainArray() {
    return chain.toArray(X509Certificate[]::new);
  }

  /** The private key as a PKCS#8 {@code BEGIN PRIVATE KEY} block. Never log it. */
  public String privateKeyPem() {
    return PemCodec.encodePrivateKey(privateKey);
  }

  public byte[] privateKeyPemBytes() {
    return privateKeyPem().getBytes(StandardCharsets.US_ASCII);
  }

  /** The chain, leaf first, as {@code CERTIFICATE} blocks. */
  public String chainPem() {
    return PemCodec.encodeCertificates(chain);
  }

  public byte[] chainPemBytes() {
    return chainPem().getBytes(StandardCharsets.US_ASCII);
  }

  /** The CA bundle as {@code CERTIFICATE} blocks (empty if no CA is known). */
  public String caBundlePem() {
    return PemCodec.encodeCertificates(caBundle);
  }

  /**
   * Identifies this material: the SHA-256 of the chain's and the bundle's DER. Equal fingerprints mean
   * the server has nothing to reload.
   */
  public String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (X509Certificate certificate : chain) {
        digest.update(certificate.getEncoded());
      }
      digest.update((byte) 0);
      for (X509Certificate certificate : caBundle) {
        digest.update(certificate.getEncoded());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PKCS#12 key store holding the key and chain under {@link #KEY_ALIAS}. */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(KEY_ALIAS, privateKey, password, chainArray());
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a key store: " + e.getMessage(), e);
    }
  }

  /** A PKCS#12 trust store holding the CA bundle (aliases {@code ca-0}, {@code ca-1}, ...). */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < caBundle.size(); i++) {
        store.setCertificateEntry("ca-" + i, caBundle.get(i));
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
    }
  }

  /**
   * A server-side {@link SSLContext} with this key and chain, for plain JDK servers and tests. Servers
   * should restrict their sockets to {@link #PROTOCOLS}.
   */
  public SSLContext sslContext() {
    try {
      char[] password = new char[0];
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keyStore(password), password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an SSL context: " + e.getMessage(), e);
    }
  }

  /** A client-side {@link SSLContext} that trusts only this material's CA bundle. */
  public SSLContext clientContext() {
    try {
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an SSL context: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    try {
      return "TlsMaterial[subject=" + leaf().getSubjectX500Principal().getName() + ", notAfter="
          + leaf().getNotAfter().toInstant() + ", fingerprint=" + fingerprint() + "]";
    } catch (RuntimeException e) {
      return "TlsMaterial[...]";
    }
  }
}
