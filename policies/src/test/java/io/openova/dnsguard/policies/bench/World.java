package io.openova.dnsguard.policies.bench;

import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsRecord;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import io.openova.dnsguard.policies.ownership.ZoneRecords;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.DomainRule;
import io.openova.dnsguard.policies.policy.TxtSettings;
import io.openova.dnsguard.policies.policy.UnmanagedDomains;
import io.openova.dnsguard.policies.policy.WildcardPolicy;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The benchmark world: {@code NAMES} hostnames {@code svc-<i>.team-<i % 50>.example.com}, each
 * claimed by its own HTTPRoute in namespace {@code team-<i % 50>} (the worst case for memory: one
 * object per name), with a real uid and creationTimestamp.
 */
final class World {

  static final int NAMES = 100_000;
  static final int NAMESPACES = 50;

  private World() {}

  static String name(int i) {
    return "svc-" + i + ".team-" + (i % NAMESPACES) + ".example.com";
  }

  static String namespace(int i) {
    return "team-" + (i % NAMESPACES);
  }

  static ObjectRef route(int i) {
    return new ObjectRef(SourceKind.HTTP_ROUTE, namespace(i), "route-" + i,
        new UUID(0x5eedL * 31 + i, ~(long) i).toString(), Instant.ofEpochSecond(1_780_000_000L + i));
  }

  static ClaimIndex index() {
    ClaimIndex index = new ClaimIndex();
    for (int i = 0; i < NAMES; i++) {
      index.put(route(i), List.of(Hostname.of(name(i))));
    }
    for (int n = 0; n < NAMESPACES; n++) {
      index.putNamespace("team-" + n, java.util.Map.of("dns", "allowed"));
    }
    return index;
  }

  static DnsPolicy policy() {
    Set<String> namespaces = IntStream.range(0, NAMESPACES).mapToObj(n -> "team-" + n).collect(Collectors.toSet());
    return new DnsPolicy("bench", "openova", new TxtSettings("_externaldns.", "", TxtFormat.NEW, ""),
        UnmanagedDomains.DENY, false,
        List.of(new DomainRule(Hostname.of("example.com"), namespaces, Optional.empty(), WildcardPolicy.SAME_NAMESPACE)),
        List.of());
  }

  /** A zone with an A record and our ownership TXT for every 10th name, plus one foreign owner. */
  static ZoneOwnership dns(DnsPolicy policy) {
    TxtRecordCodec codec = TxtRecordCodec.plain();
    List<DnsRecord> records = new ArrayList<>();
    for (int i = 0; i < NAMES; i += 10) {
      Hostname host = Hostname.of(name(i));
      records.add(new DnsRecord(host.value(), RecordType.A, 300, "192.0.2.1"));
      records.add(new DnsRecord(policy.txt().mapper().toTxtName(host, RecordType.A, TxtFormat.NEW), RecordType.TXT, 300,
          codec.encode(i % 1000 == 0 ? "region-2" : "openova", "httproute/" + namespace(i) + "/route-" + i)));
    }
    return ZoneOwnership.decode(List.of(new ZoneRecords(Hostname.of("example.com"), records)), policy.ownerId(), policy.txt().mapper(), TxtFormat.NEW, codec);
  }
}
