package io.openova.dnsguard.policies.claim;

import io.openova.dnsguard.policies.name.RecordType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Claims of an external-dns {@code DNSEndpoint} (externaldns.k8s.io/v1alpha1): its {@code
 * spec.endpoints[]} with {@code dnsName}, {@code recordType}, {@code targets}, checked as external-dns
 * would publish them.
 */
final class DnsEndpointReader {

  private DnsEndpointReader() {}

  static void read(List<SourceObject.Endpoint> endpoints, ClaimExtractor.Collector collector) {
    for (SourceObject.Endpoint endpoint : endpoints) {
      String field = endpoint.field();
      if (endpoint.dnsName() == null) {
        collector.problem(field, "an endpoint needs a string dnsName");
        continue;
      }
      RecordType type = endpoint.recordType() == null ? RecordType.A : RecordType.of(endpoint.recordType());
      Optional<String> badTarget = firstBadTarget(type, endpoint.targets());
      if (badTarget.isPresent()) {
        collector.problem(field + ".targets", "invalid " + type + " target \"" + badTarget.get() + "\"");
        continue;
      }
      if (endpoint.recordTtl() instanceof Number ttl && ttl.longValue() < 0) {
        collector.problem(field + ".recordTTL", "invalid recordTTL " + ttl + ": must not be negative");
        continue;
      }
      collector.add(endpoint.dnsName(), field + ".dnsName", Set.of(type));
    }
  }

  private static Optional<String> firstBadTarget(RecordType type, List<String> targets) {
    for (String text : targets) {
      Optional<RecordType> parsed = TargetList.typeOf(text);
      boolean ok =
          switch (type) {
            case A -> parsed.equals(Optional.of(RecordType.A));
            case AAAA -> parsed.equals(Optional.of(RecordType.AAAA));
            case CNAME -> parsed.equals(Optional.of(RecordType.CNAME));
            default -> !text.isBlank(); // TXT, MX, SRV, ...: free-form values
          };
      if (!ok) {
        return Optional.of(text);
      }
    }
    return Optional.empty();
  }
}
