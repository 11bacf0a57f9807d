package io.openova.dnsguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ClaimSource;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsRecord;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import io.openova.dnsguard.policies.ownership.ZoneRecords;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The invariant the whole module exists for: no decision allows a name owned by another namespace
 * (its oldest claim) or by another external-dns TXT owner, unless a share rule names the claimant.
 * The oracle below recomputes ownership from the raw generated state, not from the index.
 */
class NoTheftPropertiesTest {

  private static final List<String> NAMESPACES = List.of("a", "b", "c");
  private static final List<String> NAMES =
      List.of("api.example.com", "www.example.com", "x.apps.example.com", "*.apps.example.com", "*.example.com",
          "deep.x.apps.example.com", "shop.example.com", "example.com");
  private static final TxtRecordCodec CODEC = TxtRecordCodec.plain();

  record Existing(String namespace, String name, List<String> hosts, long created) {}

  record TxtOwner(String host, String ownerId) {}

  record World(List<Existing> cluster, List<TxtOwner> txt, List<ShareRule> shares, String namespace, List<String> hosts) {}

  @Property(tries = 400)
  void evaluate_neverAllowsForeignOwnedNames(@ForAll("worlds") World world) {
    DnsPolicy policy = new DnsPolicy("p", "openova", new TxtSettings("_externaldns.", "", TxtFormat.NEW, ""),
        UnmanagedDomains.ALLOW, true, List.of(), world.shares());
    ClaimIndex index = new ClaimIndex();
    for (Existing existing : world.cluster()) {
      index.put(ref(existing), existing.hosts().stream().map(Hostname::of).toList());
    }
    List<DnsRecord> records = new ArrayList<>();
    for (TxtOwner owner : world.txt()) {
      String txtName = policy.txt().mapper().toTxtName(Hostname.of(owner.host()), RecordType.A, TxtFormat.NEW);
      records.add(new DnsRecord(txtName, RecordType.TXT, 300, CODEC.encode(owner.ownerId(), "")));
    }
    ZoneOwnership dns = ZoneOwnership.decode(List.of(new ZoneRecords(Hostname.of("example.com"), records)), policy.ownerId(), policy.txt().mapper(), TxtFormat.NEW, CODEC);
    ObjectRef candidate = new ObjectRef(SourceKind.HTTP_ROUTE, world.namespace(), "candidate", "", null);
    List<Claim> claims = world.hosts().stream().distinct()
        .map(h -> new Claim(Hostname.of(h), candidate, new ClaimSource("spec.hostnames"), Set.of())).toList();

    Decision decision = new PolicyEvaluator(policy)
        .evaluate(new Extraction(candidate, claims, List.of()), Set.of(), Set.of(), false, index, dns);

    if (decision.allowed()) {
      for (Claim claim : claims) {
        Hostname host = claim.hostname();
        boolean shared = policy.isSharedWith(host, world.namespace());
        Optional<Existing> owner = world.cluster().stream().filter(e -> e.hosts().contains(host.value()))
            .min(Comparator.comparingLong(Existing::created));
        assertThat(owner.isEmpty() || owner.get().namespace().equals(world.namespace()) || shared)
            .as("%s owned by namespace %s", host, owner.map(Existing::namespace).orElse("-")).isTrue();
        assertThat(world.txt().stream().noneMatch(t -> t.host().equals(host.value()) && !t.ownerId().equals("openova")))
            .as("%s owned by another TXT owner", host).isTrue();
      }
    }
  }

  private static ObjectRef ref(Existing existing) {
    return new ObjectRef(SourceKind.HTTP_ROUTE, existing.namespace(), existing.name(), "", Instant.ofEpochSecond(existing.created()));
  }

  @Provide
  Arbitrary<World> worlds() {
    Arbitrary<String> namespace = Arbitraries.of(NAMESPACES);
    Arbitrary<List<String>> hosts = Arbitraries.of(NAMES).list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Existing> existing = Combinators.combine(namespace, Arbitraries.integers().between(0, 9999), hosts,
        Arbitraries.longs().between(1_700_000_000L, 1_800_000_000L))
        .as((ns, n, h, created) -> new Existing(ns, "obj" + n, h, created));
    Arbitrary<TxtOwner> txt = Combinators.combine(Arbitraries.of(NAMES).filter(n -> !n.startsWith("*")),
        Arbitraries.of("openova", "region-2")).as(TxtOwner::new);
    Arbitrary<ShareRule> share = Combinators.combine(Arbitraries.of(NAMES),
        Arbitraries.of(NAMESPACES).set().ofMinSize(1).ofMaxSize(2)).as((h, ns) -> new ShareRule(Hostname.of(h), ns));
    return Combinators.combine(
            existing.list().ofMaxSize(6).uniqueElements(Existing::name),
            txt.list().ofMaxSize(3), share.list().ofMaxSize(2), namespace, hosts)
        .as(World::new);
  }
}
