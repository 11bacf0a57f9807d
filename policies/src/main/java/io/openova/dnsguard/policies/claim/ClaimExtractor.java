package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the hostnames a {@link SourceObject} claims, as external-dns would publish them: Gateway API
 * routes' effective hostnames ({@link EffectiveHostnames}), Ingress rule and TLS hosts, DNSEndpoint
 * {@code spec.endpoints[].dnsName}, and the {@code hostname}/{@code internal-hostname} annotations on
 * any of them. The one place claims come from, for both halves, {@code check} and the audit. The {@code target}
 * and {@code ttl} annotations are validated here because a bad value is an input error (422).
 */
public final class ClaimExtractor {

  private ClaimExtractor() {}

  /**
   * The object's claims and problems. A Gateway API route's names are its {@link EffectiveHostnames}
   * under {@code attachment} (its hostnames and annotations are still checked for input errors).
   */
  public static Extraction extract(SourceObject source, Attachment attachment) {
    Collector collector = new Collector(source.ref());
    Set<RecordType> annotatedTypes = readTargetAndTtl(source.annotations(), collector);
    if (source.kind().isRoute()) {
      readRoute(RouteSpec.of(source).orElseThrow(), source.hostnames(), attachment, collector, annotatedTypes);
      return collector.extraction();
    }
    for (SourceObject.Host host : source.hostnames()) {
      collector.add(host.name(), host.field(), annotatedTypes);
    }
    DnsEndpointReader.read(source.endpoints(), collector);
    for (String key : List.of(ExternalDnsAnnotations.HOSTNAME, ExternalDnsAnnotations.INTERNAL_HOSTNAME)) {
      for (Map.Entry<String, String> annotation : ExternalDnsAnnotations.values(source.annotations(), key)) {
        collector.addAll(
            CommaList.split(annotation.getValue()), "annotation " + annotation.getKey(), annotatedTypes);
      }
    }
    return collector.extraction();
  }

  /** The claims and problems of a route's names as written ({@link Attachment#AS_WRITTEN}), or of any other object. */
  public static Extraction extract(SourceObject source) {
    return extract(source, Attachment.AS_WRITTEN);
  }

  /** The reference for an object, with its uid and creationTimestamp when the cluster set them. */
  public static ObjectRef refOf(SourceKind kind, @Nullable ObjectMeta meta) {
    if (meta == null || meta.getName() == null) {
      throw new IllegalArgumentException(kind.kind() + " has no metadata.name");
    }
    String namespace = meta.getNamespace() == null || meta.getNamespace().isBlank() ? "default" : meta.getNamespace();
    return new ObjectRef(kind, namespace, meta.getName(), nullToEmpty(meta.getUid()), timestampOf(meta));
  }

  private static @Nullable Instant timestampOf(ObjectMeta meta) {
    String text = meta.getCreationTimestamp();
    if (text == null || text.isBlank()) {
      return null;
    }
    Instant fixed = fixedForm(text);
    if (fixed != null) {
      return fixed;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException invalid) {
      throw new IllegalArgumentException("metadata.creationTimestamp \"" + text + "\" is not an RFC 3339 time");
    }
  }

  /**
   * The form the API server writes ({@code 2026-12-05T10:00:00Z}) read without the general parser,
   * which was a measurable part of taking in each object; null for anything else (then parsed).
   */
  private static @Nullable Instant fixedForm(String text) {
    if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return java.time.LocalDateTime.of(year, month, day, hour, minute, second).toInstant(java.time.ZoneOffset.UTC);
    } catch (java.time.DateTimeException outOfRange) {
      return null; // e.g. a leap second: the general parser decides
    }
  }

  /** The decimal number of {@code length} ASCII digits at {@code from}; -1 when one is not a digit. */
  private static int digits(String text, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static Set<RecordType> readTargetAndTtl(Map<String, String> annotations, Collector collector) {
    Set<RecordType> types = Set.of();
    for (Map.Entry<String, String> ttl : ExternalDnsAnnotations.values(annotations, ExternalDnsAnnotations.TTL)) {
      if (TtlValue.parseSeconds(ttl.getValue()).isEmpty()) {
        collector.problem(
            "annotation " + ttl.getKey(),
            "invalid ttl \"" + ttl.getValue() + "\": expected seconds (0-2147483647) or a duration like \"5m\"");
      }
    }
    for (Map.Entry<String, String> target : ExternalDnsAnnotations.values(annotations, ExternalDnsAnnotations.TARGET)) {
      TargetList.Result parsed = TargetList.parse(target.getValue());
      if (parsed.invalidTarget() != null) {
        collector.problem(
            "annotation " + target.getKey(),
            "invalid target \"" + parsed.invalidTarget() + "\": expected an IP address or a hostname");
      } else if (parsed.types().isEmpty()) {
        collector.problem("annotation " + target.getKey(), "invalid target \"" + target.getValue() + "\": empty list");
      } else {
        types = parsed.types();
      }
    }
    return types;
  }

  /**
   * Input errors in the route's own hostnames and hostname annotation first (what the route says),
   * then its effective names (what the Gateway makes of them). {@code internal-hostname} is not read:
   * external-dns's gateway sources do not publish it.
   */
  private static void readRoute(RouteSpec route, List<SourceObject.Host> hosts, Attachment attachment,
      Collector collector, Set<RecordType> types) {
    for (SourceObject.Host host : hosts) {
      if (Hostname.parse(host.name()) instanceof ParsedHostname.Invalid invalid) {
        collector.problem(host.field(), invalid.message());
      }
    }
    for (Map.Entry<String, String> annotation : ExternalDnsAnnotations.values(route.annotations(), ExternalDnsAnnotations.HOSTNAME)) {
      for (String host : CommaList.split(annotation.getValue())) {
        if (Hostname.parse(host) instanceof ParsedHostname.Invalid invalid) {
          collector.problem("annotation " + annotation.getKey(), invalid.message());
        }
      }
    }
    for (EffectiveHostnames.EffectiveName name : EffectiveHostnames.of(route, attachment)) {
      collector.add(name.hostname(), name.field(), types);
    }
  }

  private static String nullToEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  /** Accumulates claims (first source wins for a repeated hostname) and problems of one object. */
  static final class Collector {
    private final ObjectRef ref;
    private final Map<Hostname, Claim> claims = new LinkedHashMap<>();
    private final List<InputProblem> problems = new ArrayList<>();

    Collector(ObjectRef ref) {
      this.ref = ref;
    }

    void addAll(@Nullable List<String> hosts, String field, Set<RecordType> types) {
      if (hosts != null) {
        for (String host : hosts) {
          add(host, field, types);
        }
      }
    }

    void add(Hostname hostname, String field, Set<RecordType> types) {
      claims.merge(hostname, new Claim(hostname, ref, new ClaimSource(field), types), Collector::mergeTypes);
    }

    void add(String host, String field, Set<RecordType> types) {
      switch (Hostname.parse(host)) {
        case ParsedHostname.Valid valid ->
            claims.merge(
                valid.hostname(),
                new Claim(valid.hostname(), ref, new ClaimSource(field), types),
                Collector::mergeTypes);
        case ParsedHostname.Invalid invalid -> problem(field, invalid.message());
      }
    }

    private static Claim mergeTypes(Claim first, Claim second) {
      if (second.recordTypes().isEmpty() || first.recordTypes().containsAll(second.recordTypes())) {
        return first;
      }
      Set<RecordType> union = new java.util.HashSet<>(first.recordTypes());
      union.addAll(second.recordTypes());
      return new Claim(first.hostname(), first.owner(), first.source(), union);
    }

    void problem(String field, String message) {
      problems.add(new InputProblem(new ClaimSource(field), message));
    }

    Extraction extraction() {
      return new Extraction(ref, List.copyOf(claims.values()), problems);
    }
  }
}
