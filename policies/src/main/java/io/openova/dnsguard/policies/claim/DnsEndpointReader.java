package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an external-dns {@code DNSEndpoint} (externaldns.k8s.io/v1alpha1; no fabric8 model class
 * exists): {@code spec.endpoints[]} with {@code dnsName}, {@code recordType}, {@code targets}.
 */
final class DnsEndpointReader {

  private DnsEndpointReader() {}

  static void read(GenericKubernetesResource resource, ClaimExtractor.Collector collector) {
    if (!(resource.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)
        || !(spec.get("endpoints") instanceof List<?> endpoints)) {
      return;
    }
    for (int i = 0; i < endpoints.size(); i++) {
      String field = "spec.endpoints[" + i + "]";
      if (!(endpoints.get(i) instanceof Map<?, ?> endpoint) || !(endpoint.get("dnsName") instanceof String dnsName)) {
        collector.problem(field, "an endpoint needs a string dnsName");
        continue;
      }
      RecordType type =
          endpoint.get("recordType") instanceof String text ? RecordType.of(text) : RecordType.A;
      List<?> targets = endpoint.get("targets") instanceof List<?> list ? list : List.of();
      Optional<String> badTarget = firstBadTarget(type, targets);
      if (badTarget.isPresent()) {
        collector.problem(field + ".targets", "invalid " + type + " target \"" + badTarget.get() + "\"");
        continue;
      }
      if (endpoint.get("recordTTL") instanceof Number ttl && ttl.longValue() < 0) {
        collector.problem(field + ".recordTTL", "invalid recordTTL " + ttl + ": must not be negative");
        continue;
      }
      collector.add(dnsName, field + ".dnsName", Set.of(type));
    }
  }

  private static Optional<String> firstBadTarget(RecordType type, List<?> targets) {
    for (Object target : targets) {
      String text = String.valueOf(target);
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
