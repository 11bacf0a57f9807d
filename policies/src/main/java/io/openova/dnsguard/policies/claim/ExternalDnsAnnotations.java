package io.openova.dnsguard.policies.claim;

import io.openova.dnsguard.policies.name.RecordType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The external-dns annotations dnsguard reads. external-dns v0.22 moved them from {@code
 * external-dns.alpha.kubernetes.io/} to {@code external-dns.kubernetes.io/}; by default both
 * prefixes count, and when both are set both values are read (each one may claim or be invalid).
 * Like external-dns's {@code --annotation-prefix}, the prefixes are one setting of the process
 * ({@link #usePrefixes}, from {@code --annotation-prefix}), so both halves read the same names.
 */
public final class ExternalDnsAnnotations {

  public static final String LEGACY_PREFIX = "external-dns.alpha.kubernetes.io/";
  public static final String PREFIX = "external-dns.kubernetes.io/";
  public static final String HOSTNAME = "hostname";
  public static final String INTERNAL_HOSTNAME = "internal-hostname";
  public static final String TARGET = "target";
  public static final String TTL = "ttl";
  /** Which of a route's hostnames count: its spec's, the annotation's, or both (the default). */
  static final String GATEWAY_HOSTNAME_SOURCE = "gateway-hostname-source";
  /** The annotations claims are extracted from (without prefix); the rest of an object's annotations are not kept. */
  static final List<String> CLAIM_KEYS = List.of(HOSTNAME, INTERNAL_HOSTNAME, TARGET, TTL, GATEWAY_HOSTNAME_SOURCE);
  /** Annotations a provider reads per record set; carried to it as {@code RecordSet} properties. */
  public static final List<String> PROVIDER_PROPERTIES = List.of("cloudflare-proxied");

  /** Both prefixes, the legacy one first (when both are set, the later one's value wins). */
  public static final List<String> DEFAULT_PREFIXES = List.of(LEGACY_PREFIX, PREFIX);

  private static volatile List<String> prefixes = DEFAULT_PREFIXES;

  /** key → its annotation names under the prefixes, built once: every review looks several up. */
  private static final ConcurrentMap<String, List<String>> FULL_NAMES = new ConcurrentHashMap<>();

  private ExternalDnsAnnotations() {}

  /**
   * The prefixes every annotation is read under, for the whole process; set once at start-up by
   * the command line (external-dns's {@code --annotation-prefix}), before any object is read.
   *
   * @throws IllegalArgumentException when a prefix is not {@code <DNS subdomain>/}
   */
  public static void usePrefixes(List<String> configured) {
    if (configured.isEmpty()) {
      throw new IllegalArgumentException("at least one annotation prefix is needed");
    }
    for (String prefix : configured) {
      if (!prefix.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/")) {
        throw new IllegalArgumentException("annotation prefix \"" + prefix
            + "\" must be a DNS subdomain followed by \"/\", e.g. \"external-dns.kubernetes.io/\"");
      }
    }
    prefixes = List.copyOf(configured);
    FULL_NAMES.clear();
  }

  /** The prefixes in use. */
  public static List<String> prefixes() {
    return prefixes;
  }

  /** The annotation values for {@code key} under each prefix in use, as (full annotation name, value). */
  static List<Map.Entry<String, String>> values(Map<String, String> annotations, String key) {
    if (annotations.isEmpty()) {
      return List.of(); // most objects: no string built, no look-up
    }
    List<Map.Entry<String, String>> found = new ArrayList<>(2);
    for (String name : FULL_NAMES.computeIfAbsent(key, k -> prefixes.stream().map(prefix -> prefix + k).toList())) {
      String value = annotations.get(name);
      if (value != null) {
        found.add(Map.entry(name, value));
      }
    }
    return found;
  }

  /** The annotations of {@link #CLAIM_KEYS} under the prefixes in use: what a {@link SourceObject} keeps. */
  static Map<String, String> claimAnnotations(Map<String, String> annotations) {
    if (annotations.isEmpty()) {
      return Map.of();
    }
    Map<String, String> kept = new java.util.HashMap<>();
    for (String key : CLAIM_KEYS) {
      for (Map.Entry<String, String> value : values(annotations, key)) {
        kept.put(value.getKey(), value.getValue());
      }
    }
    return kept;
  }

  /**
   * The targets of the {@code target} annotation, split and trimmed as external-dns does; when
   * both prefixes are set the new one wins. Empty when absent or when any target is neither an IP
   * address nor a hostname (the claim extractor reports that as an input problem).
   */
  public static Optional<List<String>> targets(Map<String, String> annotations) {
    List<Map.Entry<String, String>> found = values(annotations, TARGET);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String value = found.getLast().getValue();
    TargetList.Result parsed = TargetList.parse(value);
    List<String> targets = CommaList.split(value);
    return parsed.invalidTarget() != null || targets.isEmpty() ? Optional.empty() : Optional.of(targets);
  }

  /** The {@code ttl} annotation in seconds (new prefix wins); empty when absent or invalid. */
  public static OptionalLong ttlSeconds(Map<String, String> annotations) {
    List<Map.Entry<String, String>> found = values(annotations, TTL);
    if (found.isEmpty()) {
      return OptionalLong.empty();
    }
    return TtlValue.parseSeconds(found.getLast().getValue()).map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  /**
   * Provider-specific annotations that become record-set properties (e.g. {@code
   * cloudflare-proxied=true}), keyed without prefix; the new prefix wins when both are set.
   */
  public static Map<String, String> providerProperties(Map<String, String> annotations) {
    Map<String, String> properties = new java.util.TreeMap<>();
    for (String key : PROVIDER_PROPERTIES) {
      List<Map.Entry<String, String>> found = values(annotations, key);
      if (!found.isEmpty()) {
        properties.put(key, found.getLast().getValue().trim().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return properties;
  }

  /** The record type a target implies, as external-dns derives it: IPv4 → A, IPv6 → AAAA, hostname → CNAME. */
  public static Optional<RecordType> targetType(String target) {
    return TargetList.typeOf(target.trim());
  }
}
