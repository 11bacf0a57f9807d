package io.openova.dnsguard.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.ForwardingProvider;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.reconciler.loop.ZoneOutcome;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bulk sync planned and written in parts of one provider request each (PowerDNS with PATCHes of
 * 20 rrsets: parts of 10 names), on a real kube-apiserver and PowerDNS: the objects' names all
 * served, each with one ownership TXT in the PATCH that wrote its record; another owner's records,
 * unowned ones and a LUA record, sorted among ours and one of them wanted by an object (denied), untouched
 * byte for byte; two objects of one burst wanting one name with different addresses planned
 * together (the name written once); and a PATCH refused mid-way (the exception PowerDNS's client throws for a 500)
 * leaving the parts before it written and the next sync to finish the rest, with nothing twice and
 * the cache right (a deletion afterwards removes every name).
 */
@RealKubeApiServer
@RealPowerDns
class BulkSyncPartsTest {
  private static final Duration SOON = Duration.ofSeconds(60);
  private static final String THEIRS =
      "\\\"heritage=external-dns,external-dns/owner=region-2,external-dns/resource=service/x/s\\\"";

  /** A reconciler of {@code zone} for {@code cluster}'s namespace through {@code provider}, after its first sync. */
  private static InProcessReconciler synced(KubernetesClient client, Cluster cluster, Requests provider, String zone) {
    // The writes tried by the end of the first failed sync: its listeners run on the sync thread, before the next sync.
    SyncListener atFailure = new SyncListener() {
      @Override
      public void synced(SyncReport report) {
        if (report.failed()) {
          provider.triedByFailedSync.compareAndSet(-1, provider.writes.get());
        }
      }
    };
    var sync = new InProcessReconciler(client, InProcessReconciler.policy("bulk", "test", cluster.namespace),
        provider, DomainFilter.of(List.of(zone)), SyncMode.SYNC, Duration.ofMillis(200), Duration.ofMinutes(10),
        List.of(atFailure));
    try {
      Await.until(SOON, "the first sync", () -> sync.syncs.get() >= 1, sync.syncs::get);
      return sync;
    } catch (RuntimeException | AssertionError e) {
      sync.close();
      throw e;
    }
  }

  @Test
  void bulkSyncOfManyParts_everyNameServed_foreignRecordsUntouched(KubernetesClient client, PowerDnsServer pdns) {
    String zone = "bulk-parts.test";
    Cluster cluster = new Cluster(client, "bulk-parts");
    Dns dns = new Dns(pdns, zone);
    seedForeign(dns, zone);
    Map<String, String> foreignBefore = foreign(dns);
    Requests provider = new Requests(smallPatches(pdns));
    try (var sync = synced(client, cluster, provider, zone)) {
      int before = provider.writes.get();
      Map<String, String> wanted = new LinkedHashMap<>();
      for (int o = 0; o < 3; o++) {
        Map<String, String> names = names(zone, o * 70, 70);
        endpoints(cluster, "bulk-" + o, names);
        wanted.putAll(names);
      }
      endpoints(cluster, "taker", Map.of("h00100x." + zone, "192.0.2.99")); // another owner's name: denied
      Map<String, String> early = names(zone, 300, 10);
      Map<String, String> late = names(zone, 310, 10);
      late.put("h00305." + zone, "10.9.9.9"); // also wanted by the other object, with another address
      endpoints(cluster, "early", early);
      endpoints(cluster, "late", late);
      wanted.putAll(early);
      wanted.putAll(late);
      wanted.remove("h00305." + zone);
      awaitServed(dns, wanted);
      Await.until(SOON, "h00305 served", () -> dns.answers("h00305." + zone, "A").size() == 1,
          () -> dns.answers("h00305." + zone, "A"));
      assertThat(dns.answers("h00305." + zone, "A")).as("one of the two wishes").containsAnyOf("10.1.1.56", "10.9.9.9");
      assertThat(dns.rawRrsets().get("h00305." + zone + ". A")).as("h00305 written once").containsOnlyOnce("\"content\"");
      assertThat(provider.writes.get() - before).as("PATCHes for %d names in parts of 10", wanted.size())
          .isGreaterThanOrEqualTo(wanted.size() / 10);
      assertThat(foreign(dns)).as("foreign records byte for byte").isEqualTo(foreignBefore);
      assertOncePerName(dns, wanted);
      assertThat(sync.reports).noneMatch(SyncReport::failed);
    }
  }

  @Test
  void partRefusedMidway_partsBeforeItStay_nextSyncFinishes_cacheRight(KubernetesClient client, PowerDnsServer pdns) {
    String zone = "bulk-fail.test";
    Cluster cluster = new Cluster(client, "bulk-fail");
    Dns dns = new Dns(pdns, zone);
    seedForeign(dns, zone);
    Map<String, String> foreignBefore = foreign(dns);
    Requests provider = new Requests(smallPatches(pdns));
    try (var sync = synced(client, cluster, provider, zone)) {
      provider.failWrite.set(provider.writes.get() + 4); // the 4th part of the bulk sync
      Map<String, String> wanted = names(zone, 0, 150);
      GenericKubernetesResource object = endpoints(cluster, "bulk", wanted);
      Await.until(SOON, "a sync with a refused part", () -> sync.reports.stream().anyMatch(SyncReport::failed),
          sync.reports::size);

      SyncReport failed = sync.reports.stream().filter(SyncReport::failed).findFirst().orElseThrow();
      assertThat(failed.zones()).as("applied parts, then the refused part").hasExactlyElementsOfTypes(
          ZoneOutcome.Applied.class, ZoneOutcome.Failed.class);
      assertThat(failed.zones().getFirst().plan().groups()).as("three parts of 10 names applied").hasSize(30);
      assertThat(provider.triedByFailedSync.get()).as("no part after the refused one sent in its sync")
          .isEqualTo(provider.failWrite.get());
      awaitServed(dns, wanted);
      assertOncePerName(dns, wanted);
      assertThat(foreign(dns)).as("foreign records byte for byte").isEqualTo(foreignBefore);

      cluster.delete(object);
      Await.until(SOON, "every name gone", () -> dns.rawRrsets().keySet().stream()
          .noneMatch(key -> key.matches("(_externaldns\\.a-)?h\\d{5}\\..*")), () -> dns.rawRrsets().size());
      assertThat(foreign(dns)).as("foreign records byte for byte after the deletion").isEqualTo(foreignBefore);
    }
  }

  /** PowerDNS with PATCHes of at most 20 rrsets: a part is 10 names. */
  private static DnsProvider smallPatches(PowerDnsServer pdns) {
    DnsProvider provider = PowerDnsProvider.create(
        PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())).withPatchLimits(1_000_000, 20));
    assertThat(provider.capabilities().namesPerRequest()).isEqualTo(10);
    return provider;
  }

  /** {@code count} names h00000.zone … sorted, each to its own address. */
  private static Map<String, String> names(String zone, int from, int count) {
    Map<String, String> names = new LinkedHashMap<>();
    for (int i = from; i < from + count; i++) {
      names.put("h%05d.%s".formatted(i, zone), "10.1." + (i / 250) + "." + (i % 250 + 1));
    }
    return names;
  }

  // Between our names in sort order: another owner's records (h00100x among them), ones without ownership, a LUA record.
  private static void seedForeign(Dns dns, String zone) {
    List<String> rrsets = new ArrayList<>();
    for (int i = 5; i < 220; i += 19) {
      String theirs = "h%05dx.%s.".formatted(i, zone);
      rrsets.add(rrset(theirs, "A", "\"192.0.2.1\""));
      rrsets.add(rrset("_externaldns.a-" + theirs, "TXT", "\"" + THEIRS + "\""));
      rrsets.add(rrset("h%05dy.%s.".formatted(i, zone), "A", "\"192.0.2.2\""));
    }
    rrsets.add(rrset("h00050z." + zone + ".", "LUA", "\"A \\\"ifportup(443, {'192.0.2.3'})\\\"\""));
    dns.patch("[" + String.join(",", rrsets) + "]");
  }

  private static String rrset(String name, String type, String content) {
    return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"ttl\":60,\"changetype\":\"REPLACE\",\"records\":[{\"content\":"
        + content + ",\"disabled\":false}]}";
  }

  /** Every rrset that is not ours (nor the zone's SOA/NS), exactly as the API returns it. */
  private static Map<String, String> foreign(Dns dns) {
    Map<String, String> out = new LinkedHashMap<>();
    dns.rawRrsets().forEach((key, rrset) -> {
      if (key.matches("h\\d{5}[xyz]\\..*") || key.matches("_externaldns\\.a-h\\d{5}x\\..*")) {
        out.put(key, rrset);
      }
    });
    assertThat(out).as("seeded foreign rrsets").hasSize(3 * 12 + 1);
    return out;
  }

  private static void awaitServed(Dns dns, Map<String, String> wanted) {
    Await.until(SOON, wanted.size() + " names served", () -> wanted.entrySet().stream()
        .allMatch(e -> dns.answers(e.getKey(), "A").equals(List.of(e.getValue()))), () -> dns.rawRrsets().size());
  }

  private static void assertOncePerName(Dns dns, Map<String, String> wanted) {
    Map<String, String> raw = dns.rawRrsets();
    for (String name : wanted.keySet()) {
      assertThat(raw).as(name).containsKey(name + ". A").containsKey("_externaldns.a-" + name + ". TXT");
      assertThat(raw.get(name + ". A")).as(name + " holds one record").containsOnlyOnce("\"content\"");
      assertThat(raw.get("_externaldns.a-" + name + ". TXT")).as(name + "'s ownership record").containsOnlyOnce("\"content\"")
          .contains("owner=bulk");
    }
  }

  private static GenericKubernetesResource endpoints(Cluster cluster, String name, Map<String, String> addresses) {
    List<Map<String, Object>> endpoints = addresses.entrySet().stream()
        .<Map<String, Object>>map(e -> Map.of("dnsName", e.getKey(), "recordType", "A", "targets", List.of(e.getValue())))
        .toList();
    return cluster.client().genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(cluster.namespace)
        .resource(new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
            .withNewMetadata().withName(name).withNamespace(cluster.namespace).endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("endpoints", endpoints))).build())
        .create();
  }

  /**
   * Counts write requests; one of them can be refused as PowerDNS's client refuses a PATCH answered
   * 500 after its retries ({@link ProviderException.Transient}), without sending it. The requests
   * are encoded ahead by PowerDNS's provider, as a sync has them encoded, and counted when sent.
   */
  private static final class Requests extends ForwardingProvider {
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger failWrite = new AtomicInteger(-1);
    final AtomicInteger triedByFailedSync = new AtomicInteger(-1);

    Requests(DnsProvider delegate) {
      super(delegate);
    }

    @Override
    public void apply(Zone zone, ChangeBatch batch) {
      prepare(zone, batch).run();
    }

    @Override
    public Runnable prepare(Zone zone, ChangeBatch batch) {
      Runnable write = delegate.prepare(zone, batch);
      return () -> {
        if (writes.incrementAndGet() == failWrite.get()) {
          throw new ProviderException.Transient(name(), zone, "PATCH zone", 500, "Internal Server Error", null, null);
        }
        write.run();
      };
    }
  }
}
