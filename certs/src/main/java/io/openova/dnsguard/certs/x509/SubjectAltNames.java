package io.openova.dnsguard.certs.x509;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads a certificate's subject alternative names in the notation {@link ServingIdentity} uses. */
final class SubjectAltNames {
  static final String DNS = "DNS:";
  static final String IP = "IP:";
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private SubjectAltNames() {}

  static Set<String> of(X509Certificate certificate) {
    Collection<List<?>> entries;
    try {
      entries = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subjectAltName extension: " + e.getMessage(), e);
    }
    Set<String> names = new LinkedHashSet<>();
    if (entries == null) {
      return names;
    }
    for (List<?> entry : entries) {
      int type = (Integer) entry.get(0);
      String value = String.valueOf(entry.get(1));
      switch (type) {
        case DNS_NAME -> names.add(DNS + value.toLowerCase(Locale.ROOT));
        case IP_ADDRESS -> names.add(IP + IpLiterals.canonical(value));
        default -> names.add("other(" + type + "):" + value);
      }
    }
    return names;
  }
}
