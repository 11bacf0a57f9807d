package io.openova.dnsguard.reconciler.source;

import io.openova.dnsguard.policies.claim.ExternalDnsAnnotations;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.RecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** Targets to record sets: IPv4 → A, IPv6 → AAAA, else one CNAME; invalid targets are dropped. */
final class Targets {

  private Targets() {}

  static List<Desired> recordSets(Hostname name, List<String> targets, long ttl, Map<String, String> properties,
      String resource) {
    List<String> v4 = new ArrayList<>();
    List<String> v6 = new ArrayList<>();
    TreeSet<String> hostnames = new TreeSet<>();
    for (String raw : targets) {
      String target = raw.trim();
      Optional<RecordType> type = ExternalDnsAnnotations.targetType(target);
      if (type.isEmpty()) {
        continue;
      }
      switch (type.get()) {
        case A -> v4.add(target);
        case AAAA -> v6.add(target);
        default -> {
          String host = target.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
          if (!host.equals(name.value())) {
            hostnames.add(host);
          }
        }
      }
    }
    List<Desired> sets = new ArrayList<>(2);
    if (!v4.isEmpty()) {
      sets.add(new Desired(new RecordSet(name, RecordType.A, ttl, v4, properties), resource));
    }
    if (!v6.isEmpty()) {
      sets.add(new Desired(new RecordSet(name, RecordType.AAAA, ttl, v6, properties), resource));
    }
    if (sets.isEmpty() && !hostnames.isEmpty()) {
      sets.add(new Desired(new RecordSet(name, RecordType.CNAME, ttl, List.of(hostnames.first()), properties), resource));
    }
    return sets;
  }
}
