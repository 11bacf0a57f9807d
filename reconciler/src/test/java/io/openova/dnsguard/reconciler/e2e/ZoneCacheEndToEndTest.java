package io.openova.dnsguard.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.reconciler.loop.ZoneOutcome;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.ForwardingProvider;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's cached zones on a real kube-apiserver and PowerDNS: syncs after a change plan
 * against the copy written through (no zone read; the SOA serial PowerDNS bumps on each API write
 * says nobody else wrote), a record created by another writer after the zone was read is never
 * overwritten, and drift made by hand is repaired (ours) or respected
 * (foreign) within one resync interval.
 */
@RealKubeApiServer
@RealPowerDns
class ZoneCacheEndToEndTest {
  private static final String OWNER = "cache-owner";
  private static final Duration SOON = Duration.ofSeconds(30);
  private static final String THEIR_TXT =
      "\\\"heritage=external-dns,external-dns/owner=region-2,external-dns/resource=service/x/s\\\"";

  @Test
  void changesAfterTheFirstSync_planAgainstTheCachedZone_readNoWholeZone(KubernetesClient client, PowerDnsServer pdns) {
    String zone = "cache-reads.test";
    Cluster cluster = new Cluster(client, "cache-reads");
    Dns dns = new Dns(pdns, zone);
    CountingReads provider = new CountingReads(Dns.provider(pdns));
    cluster.gateway("gw", "192.0.2.20");
    try (var sync = new InProcessReconciler(client, InProcessReconciler.policy(OWNER, "test", cluster.namespace),
        provider, DomainFilter.of(List.of(zone)), SyncMode.SYNC, Duration.ofMillis(200), Duration.ofMinutes(10),
        List.of())) {
      awaitSyncs(sync, 1);
      int readsAfterFirstSync = provider.zoneReads.get();
      for (int i = 0; i < 5; i++) {
        cluster.route("r" + i, "gw", Map.of(), "r" + i + "." + zone);
        String name = "r" + i + "." + zone;
        Await.until(SOON, name + " served", () -> dns.answers(name, "A").equals(List.of("192.0.2.20")),
            () -> dns.answers(name, "A"));
      }
      assertThat(readsAfterFirstSync).as("the first sync reads the zone").isEqualTo(1);
      assertThat(provider.zoneReads.get()).as("whole-zone reads after five changes").isEqualTo(1);
      assertThat(provider.soaReads.get()).as("the zone's SOA checked before names were created").isGreaterThanOrEqualTo(5);
      assertThat(provider.nameReads.get()).as("names read one by one: none, the SOA said nobody else wrote").isZero();
    }
  }

  @Test
  void recordCreatedByAnotherWriterAfterTheRead_routeWantsIt_foreignRecordsUntouched(
      KubernetesClient client, PowerDnsServer pdns) {
    String zone = "cache-race.test";
    Cluster cluster = new Cluster(client, "cache-race");
    Dns dns = new Dns(pdns, zone);
    cluster.gateway("gw", "192.0.2.30");
    try (var sync = new InProcessReconciler(client, InProcessReconciler.policy(OWNER, "test", cluster.namespace),
        Dns.provider(pdns), DomainFilter.of(List.of(zone)), SyncMode.SYNC, Duration.ofMillis(200),
        Duration.ofMinutes(10), List.of())) {
      awaitSyncs(sync, 1);
      // Another region takes the name after dnsguard read the zone; then a route here asks for it.
      String name = "taken." + zone;
      dns.patch("[" + rrset(name, "A", "198.51.100.7") + "," + rrset("_externaldns.a-" + name, "TXT", THEIR_TXT) + "]");
      Map<String, String> theirs = Map.copyOf(dns.rawRrsets());
      cluster.route("wants", "gw", Map.of(), name);
      cluster.route("free", "gw", Map.of(), "free." + zone);

      Await.until(SOON, "the free name served after the stale zone was read again",
          () -> dns.answers("free." + zone, "A").equals(List.of("192.0.2.30")), () -> dns.answers("free." + zone, "A"));
      assertThat(sync.reports).as("a sync found the zone changed under its copy")
          .anySatisfy(report -> assertThat(report.zones()).anyMatch(z -> z instanceof ZoneOutcome.Stale));
      Map<String, String> after = dns.rawRrsets();
      theirs.forEach((key, value) -> assertThat(after).as("their rrset " + key).containsEntry(key, value));
      assertThat(dns.answers(name, "A")).containsExactly("198.51.100.7");
    }
  }

  @Test
  void manyNamesCreatedAtOnce_oneTakenAfterTheRead_checkedAgainstTheWholeZone(KubernetesClient client,
      PowerDnsServer pdns) {
    String zone = "cache-bulk.test";
    Cluster cluster = new Cluster(client, "cache-bulk");
    Dns dns = new Dns(pdns, zone);
    cluster.gateway("gw", "192.0.2.50");
    CountingReads provider = new CountingReads(Dns.provider(pdns));
    try (var sync = new InProcessReconciler(client, InProcessReconciler.policy(OWNER, "test", cluster.namespace),
        provider, DomainFilter.of(List.of(zone)), SyncMode.SYNC, Duration.ofMillis(200), Duration.ofMinutes(10),
        List.of())) {
      awaitSyncs(sync, 1);
      String taken = "n17." + zone;
      dns.patch("[" + rrset(taken, "A", "198.51.100.17") + "," + rrset("_externaldns.a-" + taken, "TXT", THEIR_TXT) + "]");
      Map<String, String> theirs = Map.copyOf(dns.rawRrsets());
      // One DNSEndpoint of 40 names: 80 sets to create (A and ownership TXT), more than are read one by one
      List<Map<String, Object>> endpoints = java.util.stream.IntStream.range(0, 40)
          .<Map<String, Object>>mapToObj(i -> Map.of("dnsName", "n" + i + "." + zone, "recordType", "A",
              "targets", List.of("192.0.2.50")))
          .toList();
      client.genericKubernetesResources(io.openova.dnsguard.kube.SourceInformers.DNS_ENDPOINT)
          .inNamespace(cluster.namespace).resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
              .withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
              .withNewMetadata().withName("many").withNamespace(cluster.namespace).endMetadata()
              .withAdditionalProperties(Map.of("spec", Map.of("endpoints", endpoints))).build())
          .create();

      // The copy is found out of date before anything is written; the resync then sees the taken
      // name, and the object (one of whose names another owner holds) is refused as a whole.
      Await.until(SOON, "a stale zone found, then a resync after it", () -> {
        List<io.openova.dnsguard.reconciler.loop.SyncReport> reports = List.copyOf(sync.reports);
        for (int i = 0; i < reports.size() - 1; i++) {
          if (reports.get(i).zones().stream().anyMatch(z -> z instanceof ZoneOutcome.Stale)) {
            return true;
          }
        }
        return false;
      }, () -> sync.reports.size());
      assertThat(provider.nameReads.get()).as("no name read one by one").isZero();
      assertThat(dns.answers("n39." + zone, "A")).as("nothing of the refused object written").isEmpty();
      assertThat(dns.answers(taken, "A")).containsExactly("198.51.100.17");
      Map<String, String> after = dns.rawRrsets();
      theirs.forEach((key, value) -> assertThat(after).as("their rrset " + key).containsEntry(key, value));
    }
  }

  @Test
  void driftMadeByHand_ourRecordRepairedForeignRespected_withinOneResync(KubernetesClient client, PowerDnsServer pdns) {
    String zone = "cache-drift.test";
    Cluster cluster = new Cluster(client, "cache-drift");
    Dns dns = new Dns(pdns, zone);
    cluster.gateway("gw", "192.0.2.40");
    String ours = "ours." + zone;
    String deleted = "deleted." + zone;
    String handedOver = "handed-over." + zone;
    String untouched = "untouched." + zone;
    cluster.route("ours", "gw", Map.of(), ours);
    cluster.route("deleted", "gw", Map.of(), deleted);
    cluster.route("handed-over", "gw", Map.of(), handedOver);
    cluster.route("untouched", "gw", Map.of(), untouched);
    try (var sync = new InProcessReconciler(client, InProcessReconciler.policy(OWNER, "test", cluster.namespace),
        Dns.provider(pdns), DomainFilter.of(List.of(zone)), SyncMode.SYNC, Duration.ofMillis(200),
        Duration.ofSeconds(3), List.of())) {
      for (String name : List.of(ours, deleted, handedOver, untouched)) {
        Await.until(SOON, name + " served", () -> dns.answers(name, "A").equals(List.of("192.0.2.40")),
            () -> dns.answers(name, "A"));
      }
      awaitSyncs(sync, sync.syncs.get() + 2); // a resync after the first sync: the zone is cached as written

      // By hand: our record changed, another of ours deleted with its ownership record, a third
      // record's ownership given to another region.
      dns.patch("[" + rrset(ours, "A", "203.0.113.66") + "," + rrset(handedOver, "A", "198.51.100.9") + ","
          + rrset("_externaldns.a-" + handedOver, "TXT", THEIR_TXT) + "," + deletion(deleted, "A") + ","
          + deletion("_externaldns.a-" + deleted, "TXT") + "]");
      Map<String, String> edited = Map.copyOf(dns.rawRrsets());
      int syncsAtEdit = sync.syncs.get();
      Await.until(SOON, "our records repaired", () -> dns.answers(ours, "A").equals(List.of("192.0.2.40"))
          && dns.answers(deleted, "A").equals(List.of("192.0.2.40")), () -> dns.answers(ours, "A") + " " + dns.answers(deleted, "A"));
      int syncsToRepair = sync.syncs.get() - syncsAtEdit;
      awaitSyncs(sync, sync.syncs.get() + 2);

      assertThat(syncsToRepair).as("syncs until the repair: the first resync after the edit").isLessThanOrEqualTo(2);
      assertThat(dns.rawRrsets()).as("the handed-over rrsets stay as edited, across resyncs")
          .containsEntry(handedOver + ". A", edited.get(handedOver + ". A"))
          .containsEntry("_externaldns.a-" + handedOver + ". TXT", edited.get("_externaldns.a-" + handedOver + ". TXT"));
      // The repair was a resync of the names that drifted: the untouched name was not planned again.
      SyncReport repair = sync.reports.stream().skip(syncsAtEdit - 1L)
          .filter(report -> report.zones().stream().anyMatch(ZoneOutcome.Applied.class::isInstance)).findFirst().orElseThrow();
      assertThat(repair.scope()).isEqualTo(SyncReport.Scope.RESYNC);
      assertThat(repair.zones()).singleElement().isInstanceOfSatisfying(ZoneOutcome.Applied.class, applied ->
          assertThat(applied.plan().changes()).extracting(change -> change.key().name().value())
              .containsOnly(ours, deleted, "_externaldns.a-" + deleted));
    }
  }

  private static String deletion(String name, String type) {
    return "{\"name\":\"" + name + ".\",\"type\":\"" + type + "\",\"changetype\":\"DELETE\"}";
  }

  private static void awaitSyncs(InProcessReconciler sync, int count) {
    Await.until(SOON, count + " sync(s)", () -> sync.syncs.get() >= count, sync.syncs::get);
  }

  private static String rrset(String name, String type, String content) {
    return "{\"name\":\"" + name + ".\",\"type\":\"" + type + "\",\"ttl\":120,\"changetype\":\"REPLACE\","
        + "\"records\":[{\"content\":\"" + content + "\",\"disabled\":false}]}";
  }

  /** Counts the reads a real provider serves: whole zones, the apex (its SOA), and names looked up one by one. */
  private static final class CountingReads extends ForwardingProvider {
    final AtomicInteger zoneReads = new AtomicInteger();
    final AtomicInteger soaReads = new AtomicInteger();
    final AtomicInteger nameReads = new AtomicInteger();

    CountingReads(DnsProvider delegate) {
      super(delegate);
    }

    @Override
    public List<RecordSet> records(Zone zone) {
      zoneReads.incrementAndGet();
      return delegate.records(zone);
    }

    @Override
    public List<RecordSet> records(Zone zone, Set<Hostname> names) {
      if (names.contains(zone.name())) {
        soaReads.incrementAndGet();
      }
      nameReads.addAndGet((int) names.stream().filter(name -> !name.equals(zone.name())).count());
      return delegate.records(zone, names);
    }

    @Override
    public void apply(Zone zone, io.openova.dnsguard.provider.ChangeBatch batch) {
      delegate.apply(zone, batch);
    }
  }
}
