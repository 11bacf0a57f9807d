package io.openova.dnsguard.certs.x509;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Issues the self-signed CA and the serving certificates it signs.
 *
 * <p>The CA has {@code basicConstraints CA:true, pathlen:0} and key usage {@code keyCertSign, cRLSign}.
 * Serving certificates have {@code CA:false}, extended key usage {@code serverAuth}, key usage
 * {@code digitalSignature} (plus {@code keyEncipherment} for RSA keys) and the identity's names as
 * subject alternative names; they never outlive their CA. Both carry subject and authority key
 * identifiers and a random 128-bit serial number. {@code notBefore} is set a few minutes in the past so
 * that nodes whose clocks lag a little accept a fresh certificate.
 *
 * <p>Immutable; the {@code with...} methods return adjusted copies.
 */
public final class CertificateIssuer {
  /** How long a new CA is valid: five years. */
  public static final Duration DEFAULT_AUTHORITY_VALIDITY = Duration.ofDays(5 * 365 + 1);

  /** How long a new serving certificate is valid: one year. */
  public static final Duration DEFAULT_SERVING_VALIDITY = Duration.ofDays(365);

  /** How far {@code notBefore} lies before the moment of issue, to tolerate clock skew. */
  public static final Duration BACKDATE = Duration.ofMinutes(5);

  /** The common name of generated CAs; the issue time in epoch seconds is appended to tell them apart. */
  public static final String AUTHORITY_NAME = "dnsguard-webhook-ca";

  private final Clock clock;
  private final SecureRandom random;
  private final KeyAlgorithm keyAlgorithm;
  private final Duration authorityValidity;
  private final Duration servingValidity;

  private CertificateIssuer(
      Clock clock,
      SecureRandom random,
      KeyAlgorithm keyAlgorithm,
      Duration authorityValidity,
      Duration servingValidity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
    this.authorityValidity = requirePositive("authority validity", authorityValidity);
    this.servingValidity = requirePositive("serving validity", servingValidity);
  }

  /** An issuer with ECDSA P-256 keys and the default validities. */
  public static CertificateIssuer create(Clock clock) {
    return new CertificateIssuer(
        clock, new SecureRandom(), KeyAlgorithm.EC_P256, DEFAULT_AUTHORITY_VALIDITY, DEFAULT_SERVING_VALIDITY);
  }

  public CertificateIssuer withKeyAlgorithm(KeyAlgorithm algorithm) {
    return new CertificateIssuer(clock, random, algorithm, authorityValidity, servingValidity);
  }

  public CertificateIssuer withAuthorityValidity(Duration validity) {
    return new CertificateIssuer(clock, random, keyAlgorithm, validity, servingValidity);
  }

  public CertificateIssuer withServingValidity(Duration validity) {
    return new CertificateIssuer(clock, random, keyAlgorithm, authorityValidity, validity);
  }

  public Clock clock() {
    return clock;
  }

  public KeyAlgorithm keyAlgorithm() {
    return keyAlgorithm;
  }

  public Duration authorityValidity() {
    return authorityValidity;
  }

  public Duration servingValidity() {
    return servingValidity;
  }

  /** A new CA and a serving certificate for the identity signed by it. */
  public ManagedCertificates issueAll(ServingIdentity identity) {
    CertificateAuthority authority = newAuthority();
    return new ManagedCertificates(authority, List.of(), issue(authority, identity));
  }

  /**
   * Carries out a renewal decision: {@code Keep} returns {@code current}; {@code RenewServing} issues a
   * new serving certificate from the current CA; {@code RotateAuthority} makes a new CA, keeps the old
   * one in the bundle and issues the serving certificate from the new CA. Previous CAs that have expired
   * are dropped whenever something is issued.
   */
  public ManagedCertificates apply(
      RenewalDecision decision, ManagedCertificates current, ServingIdentity identity) {
    return switch (decision) {
      case RenewalDecision.Keep keep -> current;
      case RenewalDecision.RenewServing renew ->
          new ManagedCertificates(
              current.authority(),
              unexpired(current.previousAuthorities()),
              issue(current.authority(), identity));
      case RenewalDecision.RotateAuthority rotate -> {
        CertificateAuthority next = newAuthority();
        List<X509Certificate> previous = new ArrayList<>();
        previous.add(current.authority().certificate());
        previous.addAll(current.previousAuthorities());
        yield new ManagedCertificates(next, unexpired(previous), issue(next, identity));
      }
    };
  }

  /** A new self-signed CA named {@code dnsguard-webhook-ca@<epoch seconds>}. */
  public CertificateAuthority newAuthority() {
    KeyPair keys = keyAlgorithm.generate(random);
    Instant now = now();
    X500Name name =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "dnsguard")
            .addRDN(BCStyle.CN, AUTHORITY_NAME + "@" + now.getEpochSecond())
            .build();
    Instant notAfter = now.plus(authorityValidity);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name, serialNumber(), Date.from(now.minus(BACKDATE)), Date.from(notAfter), name, keys.getPublic());
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(
              Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(keys.getPublic()));
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot build CA certificate extensions: " + e.getMessage(), e);
    }
    return new CertificateAuthority(keys.getPrivate(), sign(builder, keys.getPrivate()));
  }

  /** A serving certificate for the identity, signed by the CA, valid no longer than the CA. */
  public ServingCertificate issue(CertificateAuthority authority, ServingIdentity identity) {
    Leaf leaf = leaf(authority, identity.commonName(), KeyPurposeId.id_kp_serverAuth, generalNames(identity));
    return new ServingCertificate(leaf.privateKey(), leaf.certificate());
  }

  /**
   * A client certificate named {@code commonName} (extended key usage {@code clientAuth}, no
   * subject alternative names), signed by the CA, valid no longer than the CA: what a client
   * presents to a server that maps certificate names to identities (e.g. {@code dnsguard
   * provider}'s clients file).
   */
  public ClientCertificate issueClient(CertificateAuthority authority, String commonName) {
    if (commonName.isBlank() || commonName.length() > 64) {
      throw new IllegalArgumentException("a client certificate's common name has 1 to 64 characters, not \"" + commonName + "\"");
    }
    Leaf leaf = leaf(authority, commonName, KeyPurposeId.id_kp_clientAuth, null);
    return new ClientCertificate(leaf.privateKey(), leaf.certificate());
  }

  private record Leaf(PrivateKey privateKey, X509Certificate certificate) {}

  // An end-entity certificate for one purpose: CA:false, digitalSignature (+ keyEncipherment for RSA).
  private Leaf leaf(CertificateAuthority authority, String commonName, KeyPurposeId purpose, @Nullable GeneralNames names) {
    KeyPair keys = keyAlgorithm.generate(random);
    Instant now = now();
    X509Certificate caCertificate = authority.certificate();
    Instant notAfter = now.plus(servingValidity);
    Instant caNotAfter = caCertificate.getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    Instant notBefore = now.minus(BACKDATE);
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalStateException("the CA expires at " + caNotAfter + "; rotate it before issuing");
    }
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "dnsguard")
            .addRDN(BCStyle.CN, commonName)
            .build();
    X500Principal issuer = caCertificate.getSubjectX500Principal();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer, serialNumber(), Date.from(notBefore), Date.from(notAfter), toPrincipal(subject), keys.getPublic());
    int keyUsage = KeyUsage.digitalSignature;
    if (keys.getPublic().getAlgorithm().equals("RSA")) {
      keyUsage |= KeyUsage.keyEncipherment;
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (names != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, names);
      }
      builder
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              extensions.createAuthorityKeyIdentifier(caCertificate.getPublicKey()));
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot build certificate extensions: " + e.getMessage(), e);
    }
    return new Leaf(keys.getPrivate(), sign(builder, authority.privateKey()));
  }

  private List<X509Certificate> unexpired(List<X509Certificate> authorities) {
    Instant now = clock.instant();
    return authorities.stream().filter(ca -> ca.getNotAfter().toInstant().isAfter(now)).toList();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** A positive serial number of 128 random bits (RFC 5280 allows up to 20 octets). */
  private BigInteger serialNumber() {
    byte[] bytes = new byte[16];
    BigInteger serial;
    do {
      random.nextBytes(bytes);
      serial = new BigInteger(1, bytes);
    } while (serial.signum() == 0);
    return serial;
  }

  private static GeneralNames generalNames(ServingIdentity identity) {
    List<GeneralName> names = new ArrayList<>();
    identity.dnsNames().forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
    identity.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static X500Principal toPrincipal(X500Name name) {
    try {
      return new X500Principal(name.getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(Keys.signatureAlgorithm(signingKey)).build(signingKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign certificate: " + e.getMessage(), e);
    }
  }

  private static Duration requirePositive(String what, Duration duration) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero() || duration.toSeconds() < 1) {
      throw new IllegalArgumentException(what + " must be at least one second, got " + duration);
    }
    return duration;
  }
}
