package io.openova.dnsguard.testbench;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates chains with the JDK's PKIX validator. */
public final class Pkix {
  private Pkix() {}

  /** Throws if {@code chain} (leaf first, without the anchor) does not validate against {@code anchors} at {@code at}. */
  public static void validate(List<X509Certificate> chain, List<X509Certificate> anchors, Instant at)
      throws GeneralSecurityException {
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
    Set<TrustAnchor> trustAnchors =
        anchors.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
    PKIXParameters parameters = new PKIXParameters(trustAnchors);
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }
}
