package io.openova.dnsguard.certs.x509;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything dnsguard manages itself: the current CA (with key), the CAs it replaced that are kept in
 * the trust bundle until they expire, and the serving certificate signed by the current CA.
 */
public record ManagedCertificates(
    CertificateAuthority authority,
    List<X509Certificate> previousAuthorities,
    ServingCertificate serving) {

  public ManagedCertificates {
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(serving, "serving");
    previousAuthorities = List.copyOf(previousAuthorities);
    if (previousAuthorities.contains(authority.certificate())) {
      throw new IllegalArgumentException("the current CA is listed among the previous CAs");
    }
  }

  /** The CA certificates clients should trust: the current CA first, then the previous ones. */
  public List<X509Certificate> caBundle() {
    List<X509Certificate> bundle = new ArrayList<>(1 + previousAuthorities.size());
    bundle.add(authority.certificate());
    bundle.addAll(previousAuthorities);
    return List.copyOf(bundle);
  }

  @Override
  public String toString() {
    return "ManagedCertificates[authority=" + authority + ", previousAuthorities=" + previousAuthorities.size()
        + ", serving=" + serving + "]";
  }
}
