package io.openova.dnsguard.certs.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.testbench.MutableClock;
import io.openova.dnsguard.testbench.Pkix;
import java.math.BigInteger;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_ENCIPHERMENT = 2;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;

  private final MutableClock clock = MutableClock.atDefault();
  private final CertificateIssuer issuer = CertificateIssuer.create(clock);
  private final ServingIdentity identity =
      ServingIdentity.of("dnsguard-webhook", "dnsguard-system")
          .withDnsNames(List.of("localhost"))
          .withIpAddresses(List.of("127.0.0.1", "::1"));

  @Test
  void newAuthority_default_isSelfSignedEcCaWithPathLenZero() throws Exception {
    X509Certificate ca = issuer.newAuthority().certificate();

    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(ca.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(ca.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
    assertThat(ca.getKeyUsage()[CRL_SIGN]).isTrue();
    assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
    assertThat(ca.getSubjectX500Principal().getName())
        .contains("CN=dnsguard-webhook-ca@" + clock.instant().getEpochSecond());
    ca.verify(ca.getPublicKey());
    assertThat(authorityKeyId(ca)).isEqualTo(subjectKeyId(ca));
  }

  @Test
  void newAuthority_defaultValidity_isFiveYearsBackdatedFiveMinutes() {
    X509Certificate ca = issuer.newAuthority().certificate();

    assertThat(ca.getNotBefore().toInstant()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
    assertThat(ca.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(1826)));
  }

  @Test
  void issue_ecKey_hasServingExtensionsAndWantedSans() throws Exception {
    CertificateAuthority ca = issuer.newAuthority();
    X509Certificate serving = issuer.issue(ca, identity).certificate();

    assertThat(serving.getBasicConstraints()).isEqualTo(-1);
    assertThat(serving.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(serving.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    boolean[] keyUsage = serving.getKeyUsage();
    assertThat(keyUsage[DIGITAL_SIGNATURE]).isTrue();
    assertThat(keyUsage[KEY_ENCIPHERMENT]).isFalse();
    assertThat(keyUsage[KEY_CERT_SIGN]).isFalse();
    assertThat(sanList(serving))
        .containsExactly(
            List.of(2, "dnsguard-webhook"),
            List.of(2, "dnsguard-webhook.dnsguard-system"),
            List.of(2, "dnsguard-webhook.dnsguard-system.svc"),
            List.of(2, "dnsguard-webhook.dnsguard-system.svc.cluster.local"),
            List.of(2, "localhost"),
            List.of(7, "127.0.0.1"),
            List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(serving.getSubjectX500Principal().getName()).contains("CN=dnsguard-webhook.dnsguard-system.svc");
    assertThat(serving.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    serving.verify(ca.certificate().getPublicKey());
    assertThat(authorityKeyId(serving)).isEqualTo(subjectKeyId(ca.certificate()));
    assertThat(subjectKeyId(serving)).isNotEqualTo(subjectKeyId(ca.certificate()));
  }

  @Test
  void issue_rsa2048_addsKeyEnciphermentAndSignsWithRsa() {
    CertificateIssuer rsa = issuer.withKeyAlgorithm(KeyAlgorithm.RSA_2048);
    CertificateAuthority ca = rsa.newAuthority();
    X509Certificate serving = rsa.issue(ca, identity).certificate();

    assertThat(ca.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(serving.getSigAlgName()).isEqualTo("SHA256withRSA");
    assertThat(serving.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
    assertThat(serving.getKeyUsage()[KEY_ENCIPHERMENT]).isTrue();
  }

  @Test
  void issue_defaultValidity_isOneYearBackdatedFiveMinutes() {
    X509Certificate serving = issuer.issueAll(identity).serving().certificate();

    assertThat(serving.getNotBefore().toInstant()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
    assertThat(serving.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(365)));
  }

  @Test
  void issue_caExpiresBeforeServingValidity_servingEndsWithCa() {
    CertificateIssuer shortCa = issuer.withAuthorityValidity(Duration.ofDays(30));
    ManagedCertificates certificates = shortCa.issueAll(identity);

    assertThat(certificates.serving().certificate().getNotAfter())
        .isEqualTo(certificates.authority().certificate().getNotAfter());
  }

  @Test
  void issue_caAlreadyExpired_refuses() {
    CertificateAuthority ca = issuer.withAuthorityValidity(Duration.ofDays(1)).newAuthority();
    clock.advance(Duration.ofDays(2));

    assertThatThrownBy(() -> issuer.issue(ca, identity))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rotate it");
  }

  @Test
  void issue_manyCertificates_serialsArePositiveDistinct128Bit() {
    CertificateAuthority ca = issuer.newAuthority();
    Set<BigInteger> serials = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      BigInteger serial = issuer.issue(ca, identity).certificate().getSerialNumber();
      assertThat(serial.signum()).isPositive();
      assertThat(serial.bitLength()).isLessThanOrEqualTo(128);
      serials.add(serial);
    }
    assertThat(serials).hasSize(20);
    assertThat(serials).anyMatch(serial -> serial.bitLength() > 120);
  }

  @Test
  void issueAll_chain_validatesWithPkixAtIssueTime() throws Exception {
    ManagedCertificates certificates = issuer.issueAll(identity);

    Pkix.validate(List.of(certificates.serving().certificate()), certificates.caBundle(), clock.instant());
  }

  @Test
  void issueAll_chain_isTrustedForServerAuthByTheJdkTrustManager() throws Exception {
    MutableClock now = new MutableClock(Instant.now());
    ManagedCertificates certificates = CertificateIssuer.create(now).issueAll(identity);
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", certificates.authority().certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(trust);
    X509TrustManager trustManager = (X509TrustManager) factory.getTrustManagers()[0];

    trustManager.checkServerTrusted(new X509Certificate[] {certificates.serving().certificate()}, "ECDHE_ECDSA");
  }

  @Test
  void issueClient_isClientAuthOnly_namedByCommonName_andTrustedForClientAuthByTheJdkTrustManager() throws Exception {
    MutableClock now = new MutableClock(Instant.now());
    CertificateIssuer current = CertificateIssuer.create(now);
    CertificateAuthority ca = current.newAuthority();
    X509Certificate client = current.issueClient(ca, "region-1").certificate();

    assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(client.getSubjectAlternativeNames()).isNull();
    assertThat(client.getBasicConstraints()).isEqualTo(-1);
    assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=region-1,O=dnsguard");
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(trust);
    X509TrustManager trustManager = (X509TrustManager) factory.getTrustManagers()[0];
    trustManager.checkClientTrusted(new X509Certificate[] {client}, "EC");
    assertThatThrownBy(() -> current.issueClient(ca, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("common name");
  }

  @Test
  void issueAll_otherCa_doesNotValidate() {
    ManagedCertificates certificates = issuer.issueAll(identity);
    ManagedCertificates other = issuer.issueAll(identity);

    assertThatThrownBy(
            () -> Pkix.validate(List.of(certificates.serving().certificate()), other.caBundle(), clock.instant()))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void apply_rotateAuthority_keepsOldCaInBundleAndBothLeavesValidate() throws Exception {
    ManagedCertificates before = issuer.issueAll(identity);
    clock.advance(Duration.ofDays(100));

    ManagedCertificates after = issuer.apply(new RenewalDecision.RotateAuthority("test"), before, identity);

    assertThat(after.authority().certificate()).isNotEqualTo(before.authority().certificate());
    assertThat(after.previousAuthorities()).containsExactly(before.authority().certificate());
    assertThat(after.caBundle()).containsExactly(after.authority().certificate(), before.authority().certificate());
    Pkix.validate(List.of(after.serving().certificate()), after.caBundle(), clock.instant());
    Pkix.validate(List.of(before.serving().certificate()), after.caBundle(), clock.instant());
  }

  @Test
  void apply_renewServing_dropsExpiredPreviousCas() {
    CertificateIssuer shortCa = issuer.withAuthorityValidity(Duration.ofDays(10));
    ManagedCertificates first = shortCa.issueAll(identity);
    clock.advance(Duration.ofDays(8));
    ManagedCertificates rotated = shortCa.apply(new RenewalDecision.RotateAuthority("test"), first, identity);
    clock.advance(Duration.ofDays(3));

    ManagedCertificates renewed = shortCa.apply(new RenewalDecision.RenewServing("test"), rotated, identity);

    assertThat(rotated.previousAuthorities()).hasSize(1);
    assertThat(renewed.previousAuthorities()).isEmpty();
    assertThat(renewed.authority()).isEqualTo(rotated.authority());
  }

  @Test
  void apply_keep_returnsSameCertificates() {
    ManagedCertificates certificates = issuer.issueAll(identity);

    assertThat(issuer.apply(new RenewalDecision.Keep(clock.instant()), certificates, identity)).isSameAs(certificates);
  }

  @Test
  void servingCertificate_keyOfAnotherCertificate_isRejected() {
    ManagedCertificates one = issuer.issueAll(identity);
    ManagedCertificates two = issuer.issueAll(identity);

    assertThatThrownBy(() -> new ServingCertificate(one.serving().privateKey(), two.serving().certificate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong");
    assertThatThrownBy(() -> new CertificateAuthority(one.serving().privateKey(), one.serving().certificate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a CA");
  }

  @Test
  void toString_managedCertificates_neverShowsKeyMaterial() {
    ManagedCertificates certificates = issuer.withKeyAlgorithm(KeyAlgorithm.RSA_2048).issueAll(identity);

    assertThat(certificates.toString()).doesNotContainIgnoringCase("private").doesNotContain("modulus");
  }

  private static List<List<?>> sanList(X509Certificate certificate) throws Exception {
    return new ArrayList<>(certificate.getSubjectAlternativeNames());
  }

  private static byte[] subjectKeyId(X509Certificate certificate) throws Exception {
    return SubjectKeyIdentifier.getInstance(
            JcaX509ExtensionUtils.parseExtensionValue(
                certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId())))
        .getKeyIdentifier();
  }

  private static byte[] authorityKeyId(X509Certificate certificate) throws Exception {
    return AuthorityKeyIdentifier.getInstance(
            JcaX509ExtensionUtils.parseExtensionValue(
                certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId())))
        .getKeyIdentifierOctets();
  }
}
