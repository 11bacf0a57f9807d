package io.openova.dnsguard.certs.x509;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides when certificates are renewed. Pure: it reads only the certificates and its clock.
 *
 * <p>In this order:
 * <ol>
 *   <li>the CA is rotated once two thirds of its lifetime have passed (it then still has a third of its
 *       life left, during which the previous CA stays in the trust bundle);
 *   <li>the serving certificate is renewed if it was not signed by the current CA,
 *   <li>if its subject alternative names differ from the wanted ones,
 *   <li>or once two thirds of its lifetime have passed.
 * </ol>
 * Otherwise the certificates are kept until the earlier of the two renewal times.
 */
public final class RenewalSchedule {
  private final Clock clock;

  public RenewalSchedule(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The moment two thirds of the certificate's lifetime ({@code notBefore} to {@code notAfter}) have passed. */
  public static Instant renewAt(X509Certificate certificate) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    Duration lifetime = Duration.between(notBefore, notAfter);
    return notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));
  }

  /** Whether the certificate is due for renewal now. */
  public boolean isDue(X509Certificate certificate) {
    return !clock.instant().isBefore(renewAt(certificate));
  }

  public RenewalDecision decide(ManagedCertificates current, ServingIdentity wanted) {
    Instant now = clock.instant();
    X509Certificate authority = current.authority().certificate();
    X509Certificate serving = current.serving().certificate();

    Instant authorityRenewAt = renewAt(authority);
    if (!now.isBefore(authorityRenewAt)) {
      return new RenewalDecision.RotateAuthority(
          "CA " + authority.getSubjectX500Principal().getName() + " passed two thirds of its lifetime at "
              + authorityRenewAt + " (expires " + authority.getNotAfter().toInstant() + ")");
    }
    if (!signedBy(serving, authority)) {
      return new RenewalDecision.RenewServing("serving certificate was not issued by the current CA");
    }
    Set<String> actual = SubjectAltNames.of(serving);
    Set<String> expected = wanted.subjectAltNames();
    if (!actual.equals(expected)) {
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(actual);
      Set<String> unexpected = new TreeSet<>(actual);
      unexpected.removeAll(expected);
      return new RenewalDecision.RenewServing(
          "subject alternative names differ: missing " + missing + ", unexpected " + unexpected);
    }
    Instant servingRenewAt = renewAt(serving);
    if (!now.isBefore(servingRenewAt)) {
      return new RenewalDecision.RenewServing(
          "serving certificate passed two thirds of its lifetime at " + servingRenewAt + " (expires "
              + serving.getNotAfter().toInstant() + ")");
    }
    return new RenewalDecision.Keep(
        servingRenewAt.isBefore(authorityRenewAt) ? servingRenewAt : authorityRenewAt);
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate authority) {
    if (!certificate.getIssuerX500Principal().equals(authority.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(authority.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
