package io.openova.dnsguard.policies.claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The external-dns annotations dnsguard reads. external-dns v0.22 moved them from {@code
 * external-dns.alpha.kubernetes.io/} to {@code external-dns.kubernetes.io/}; both prefixes count,
 * and when both are set both values are read (each one may claim or be invalid).
 */
public final class ExternalDnsAnnotations {

  public static final String LEGACY_PREFIX = "external-dns.alpha.kubernetes.io/";
  public static final String PREFIX = "external-dns.kubernetes.io/";
  public static final String HOSTNAME = "hostname";
  public static final String INTERNAL_HOSTNAME = "internal-hostname";
  public static final String TARGET = "target";
  public static final String TTL = "ttl";

  private ExternalDnsAnnotations() {}

  /** The annotation values for {@code key} under either prefix, as (full annotation name, value). */
  static List<Map.Entry<String, String>> values(Map<String, String> annotations, String key) {
    List<Map.Entry<String, String>> found = new ArrayList<>(2);
    for (String prefix : List.of(LEGACY_PREFIX, PREFIX)) {
      String value = annotations.get(prefix + key);
      if (value != null) {
        found.add(Map.entry(prefix + key, value));
      }
    }
    return found;
  }
}
