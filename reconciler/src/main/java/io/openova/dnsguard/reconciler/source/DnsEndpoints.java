package io.openova.dnsguard.reconciler.source;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.RecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * An external-dns DNSEndpoint's {@code spec.endpoints}: {@code dnsName}, {@code recordType} (A when
 * absent), {@code targets}, {@code recordTTL}. Only names among the object's valid claims are used;
 * types other than A, AAAA and CNAME are not written by dnsguard and are skipped.
 */
final class DnsEndpoints {
  private static final Logger LOG = Logger.getLogger(DnsEndpoints.class.getName());

  private DnsEndpoints() {}

  static List<Desired> desired(GenericKubernetesResource resource, Extraction extraction, String owner) {
    if (!(resource.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)
        || !(spec.get("endpoints") instanceof List<?> endpoints)) {
      return List.of();
    }
    Set<Hostname> claimed = extraction.claims().stream().map(Claim::hostname).collect(Collectors.toSet());
    List<Desired> desired = new ArrayList<>();
    for (Object item : endpoints) {
      if (!(item instanceof Map<?, ?> endpoint) || !(endpoint.get("dnsName") instanceof String dnsName)
          || !(Hostname.parse(dnsName) instanceof ParsedHostname.Valid valid) || !claimed.contains(valid.hostname())) {
        continue;
      }
      RecordType type = endpoint.get("recordType") instanceof String text ? RecordType.of(text) : RecordType.A;
      if (!Desired.MANAGED_TYPES.contains(type)) {
        LOG.fine(() -> owner + ": " + dnsName + " " + type + " is not a type dnsguard writes; skipped");
        continue;
      }
      List<String> targets = endpoint.get("targets") instanceof List<?> list ? texts(list) : List.of();
      long ttl = endpoint.get("recordTTL") instanceof Number n && n.longValue() > 0 ? n.longValue() : EndpointSource.DEFAULT_TTL;
      try {
        if (!targets.isEmpty()) {
          desired.add(new Desired(RecordSet.of(valid.hostname(), type, Math.min(ttl, RecordSet.MAX_TTL), targets), owner));
        }
      } catch (IllegalArgumentException invalid) {
        LOG.fine(() -> owner + ": " + dnsName + " " + type + " skipped: " + invalid.getMessage());
      }
    }
    return desired;
  }

  // Most endpoints have one target: no stream (C1, the reconciler's compiler, allocates its stages).
  private static List<String> texts(List<?> list) {
    if (list.size() == 1) {
      return List.of(String.valueOf(list.getFirst()));
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object item : list) {
      out.add(String.valueOf(item));
    }
    return out;
  }
}
