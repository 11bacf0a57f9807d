package io.openova.dnsguard.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.reconciler.loop.Decisions;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.ForwardingProvider;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Syncs for changes decide and plan only what a change touches, on a real kube-apiserver and
 * PowerDNS, with the full resync far away (10 minutes): each test would fail if a change sync
 * planned from a decision kept from before the change — a deleted owner's name must go to the next
 * claimant, a dropped name must be deleted, a name freed under a wildcard must be served. Each test
 * also checks that no whole zone was read after the first sync (the work was done by change syncs).
 */
@RealKubeApiServer
@RealPowerDns
class ChangeSyncEndToEndTest {
  private static final String OWNER = "change-owner";
  private static final Duration SOON = Duration.ofSeconds(30);
  private static final Duration NO_RESYNC = Duration.ofMinutes(10);

  @Test
  void firstClaimantDeleted_theNextClaimantTakesTheName(KubernetesClient client, PowerDnsServer pdns) {
    String zone = "change-handover.test";
    Cluster first = new Cluster(client, "change-first");
    Cluster second = new Cluster(client, "change-second");
    Dns dns = new Dns(pdns, zone);
    String name = "shared." + zone;
    CountingReads provider = new CountingReads(Dns.provider(pdns));
    try (var sync = reconciler(client, provider, zone, InProcessReconciler.policy(OWNER, "test", first.namespace, second.namespace))) {
      awaitSyncs(sync, 1);
      GenericKubernetesResource a = endpoints(first, "a", Map.of(name, "192.0.2.1"));
      awaitAnswer(dns, name, "192.0.2.1");
      olderBySecond();
      endpoints(second, "b", Map.of(name, "192.0.2.2", "only-b." + zone, "192.0.2.2"));
      Await.until(SOON, "b denied: the name is a's namespace's", () -> lastDenied(sync, second).contains("b"),
          () -> lastDenied(sync, second));
      assertThat(dns.answers(name, "A")).containsExactly("192.0.2.1");
      assertThat(dns.answers("only-b." + zone, "A")).as("a denied object writes none of its names").isEmpty();

      first.delete(a);

      awaitAnswer(dns, name, "192.0.2.2");
      awaitAnswer(dns, "only-b." + zone, "192.0.2.2");
      assertThat(dns.rawRrsets().get("_externaldns.a-" + name + ". TXT")).contains("crd/" + second.namespace + "/b");
      // The sync's report is published once its writes are done, just after PowerDNS answers them.
      Await.until(SOON, "b no longer denied", () -> lastDenied(sync, second).isEmpty(), () -> lastDenied(sync, second));
      assertThat(provider.zoneReads.get()).as("whole-zone reads: the first sync's only").isEqualTo(1);
    }
  }

  @Test
  void sameNamespaceDuplicateDeleted_theOtherSetIsWritten(KubernetesClient client, PowerDnsServer pdns) {
    String zone = "change-duplicate.test";
    Cluster cluster = new Cluster(client, "change-duplicate");
    Dns dns = new Dns(pdns, zone);
    String name = "dup." + zone;
    CountingReads provider = new CountingReads(Dns.provider(pdns));
    try (var sync = reconciler(client, provider, zone, InProcessReconciler.policy(OWNER, "test", cluster.namespace))) {
      awaitSyncs(sync, 1);
      GenericKubernetesResource a = endpoints(cluster, "a", Map.of(name, "192.0.2.11"));
      awaitAnswer(dns, name, "192.0.2.11");
      endpoints(cluster, "b", Map.of(name, "192.0.2.12"));
      int syncs = sync.syncs.get();
      awaitSyncs(sync, syncs + 1);
      assertThat(dns.answers(name, "A")).as("the set already ours wins").containsExactly("192.0.2.11");

      cluster.delete(a);

      awaitAnswer(dns, name, "192.0.2.12");
      assertThat(dns.rawRrsets().get("_externaldns.a-" + name + ". TXT")).contains("crd/" + cluster.namespace + "/b");
      assertThat(provider.zoneReads.get()).as("whole-zone reads: the first sync's only").isEqualTo(1);
    }
  }

  @Test
  void objectUpdatedToDropAName_theNameIsDeleted_theOtherKept(KubernetesClient client, PowerDnsServer pdns) {
    String zone = "change-drop.test";
    Cluster cluster = new Cluster(client, "change-drop");
    Dns dns = new Dns(pdns, zone);
    String kept = "kept." + zone;
    String dropped = "dropped." + zone;
    CountingReads provider = new CountingReads(Dns.provider(pdns));
    try (var sync = reconciler(client, provider, zone, InProcessReconciler.policy(OWNER, "test", cluster.namespace))) {
      awaitSyncs(sync, 1);
      endpoints(cluster, "two", Map.of(kept, "192.0.2.21", dropped, "192.0.2.21"));
      awaitAnswer(dns, kept, "192.0.2.21");
      awaitAnswer(dns, dropped, "192.0.2.21");

      client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(cluster.namespace).withName("two")
          .edit(e -> {
            e.getAdditionalProperties().put("spec", spec(Map.of(kept, "192.0.2.22")));
            return e;
          });

      awaitAnswer(dns, kept, "192.0.2.22");
      Await.until(SOON, dropped + " and its ownership record deleted", () -> {
        Map<String, String> rrsets = dns.rawRrsets();
        return !rrsets.containsKey(dropped + ". A") && !rrsets.containsKey("_externaldns.a-" + dropped + ". TXT");
      }, dns::rawRrsets);
      assertThat(dns.rawRrsets()).containsKey("_externaldns.a-" + kept + ". TXT");
      assertThat(provider.zoneReads.get()).as("whole-zone reads: the first sync's only").isEqualTo(1);
    }
  }

  @Test
  void wildcardOwnerDeleted_aNameBelowItIsServed(KubernetesClient client, PowerDnsServer pdns) {
    String zone = "change-wildcard.test";
    Cluster first = new Cluster(client, "change-wild");
    Cluster second = new Cluster(client, "change-below");
    Dns dns = new Dns(pdns, zone);
    String below = "api.w." + zone;
    CountingReads provider = new CountingReads(Dns.provider(pdns));
    try (var sync = reconciler(client, provider, zone,
        InProcessReconciler.policyWithTxtWildcard(OWNER, "test", first.namespace, second.namespace))) {
      awaitSyncs(sync, 1);
      GenericKubernetesResource wildcard = endpoints(first, "wild", Map.of("*.w." + zone, "192.0.2.31"));
      awaitAnswer(dns, "anything.w." + zone, "192.0.2.31");
      olderBySecond();
      endpoints(second, "below", Map.of(below, "192.0.2.32"));
      Await.until(SOON, "the name below the wildcard denied", () -> lastDenied(sync, second).contains("below"),
          () -> lastDenied(sync, second));
      assertThat(dns.rawRrsets()).doesNotContainKey(below + ". A");

      first.delete(wildcard);

      awaitAnswer(dns, below, "192.0.2.32");
      Await.until(SOON, "the wildcard deleted", () -> !dns.rawRrsets().containsKey("*.w." + zone + ". A"), dns::rawRrsets);
      assertThat(provider.zoneReads.get()).as("whole-zone reads: the first sync's only").isEqualTo(1);
    }
  }

  private static InProcessReconciler reconciler(KubernetesClient client, DnsProvider provider, String zone,
      PolicyEvaluator policy) {
    return new InProcessReconciler(client, policy, provider, DomainFilter.of(List.of(zone)), SyncMode.SYNC,
        Duration.ofMillis(200), NO_RESYNC, List.of());
  }

  /** The objects of {@code namespace} the last sync denied (the API server holds other tests' objects too). */
  private static List<String> lastDenied(InProcessReconciler sync, Cluster namespace) {
    List<SyncReport> reports = List.copyOf(sync.reports);
    return reports.isEmpty() ? List.of()
        : reports.getLast().decisions().denied().stream().map(Decisions.Denied::ref)
            .filter(ref -> ref.namespace().equals(namespace.namespace)).map(ref -> ref.name()).toList();
  }

  /** Claims compete by creationTimestamp, which has whole seconds: the next object must be a second younger. */
  private static void olderBySecond() {
    try {
      Thread.sleep(1_100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitAnswer(Dns dns, String name, String address) {
    Await.until(SOON, name + " answers " + address, () -> dns.answers(name, "A").equals(List.of(address)),
        () -> dns.answers(name, "A"));
  }

  private static void awaitSyncs(InProcessReconciler sync, int count) {
    Await.until(SOON, count + " sync(s)", () -> sync.syncs.get() >= count, sync.syncs::get);
  }

  /** A DNSEndpoint with one A endpoint per name. */
  private static GenericKubernetesResource endpoints(Cluster cluster, String name, Map<String, String> addresses) {
    return cluster.client().genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(cluster.namespace)
        .resource(new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
            .withNewMetadata().withName(name).withNamespace(cluster.namespace).endMetadata()
            .withAdditionalProperties(Map.of("spec", spec(addresses))).build())
        .create();
  }

  private static Map<String, Object> spec(Map<String, String> addresses) {
    return Map.of("endpoints", addresses.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .<Map<String, Object>>map(e -> Map.of("dnsName", e.getKey(), "recordType", "A", "recordTTL", 120,
            "targets", List.of(e.getValue())))
        .toList());
  }

  /** Counts the whole-zone reads a real provider serves. */
  private static final class CountingReads extends ForwardingProvider {
    final AtomicInteger zoneReads = new AtomicInteger();

    CountingReads(DnsProvider delegate) {
      super(delegate);
    }

    @Override
    public List<RecordSet> records(Zone zone) {
      zoneReads.incrementAndGet();
      return delegate.records(zone);
    }

    @Override
    public void apply(Zone zone, ChangeBatch batch) {
      delegate.apply(zone, batch);
    }
  }
}
