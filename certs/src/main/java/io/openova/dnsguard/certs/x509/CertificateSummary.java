package io.openova.dnsguard.certs.x509;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** The fields of a certificate a person wants to see, for {@code dnsguard certs inspect} and logs. */
public record CertificateSummary(
    String subject,
    String issuer,
    BigInteger serialNumber,
    List<String> subjectAltNames,
    Instant notBefore,
    Instant notAfter,
    boolean authority,
    Instant renewAt) {

  public CertificateSummary {
    subjectAltNames = List.copyOf(subjectAltNames);
  }

  public static CertificateSummary of(X509Certificate certificate) {
    return new CertificateSummary(
        certificate.getSubjectX500Principal().getName(),
        certificate.getIssuerX500Principal().getName(),
        certificate.getSerialNumber(),
        List.copyOf(SubjectAltNames.of(certificate)),
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        certificate.getBasicConstraints() >= 0,
        RenewalSchedule.renewAt(certificate));
  }
}
