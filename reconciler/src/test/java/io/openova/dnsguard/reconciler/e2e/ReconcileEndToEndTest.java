package io.openova.dnsguard.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.reconciler.events.EventRecorder;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole reconciler against a real kube-apiserver and a real PowerDNS: objects written to the
 * API server end up as answers PowerDNS serves over DNS, with their ownership TXT records.
 */
@RealKubeApiServer
@RealPowerDns
class ReconcileEndToEndTest {
  private static final String OWNER = "e2e-owner";
  private static final String ZONE = "e2e-sync.test";
  private static final String UPSERT_ZONE = "e2e-upsert.test";
  private static final String CRD_ZONE = "e2e-crd-only.test";
  private static final Duration SOON = Duration.ofSeconds(20);

  private static Cluster cluster;
  private static Cluster outsider;
  private static Dns dns;
  private static Dns upsertDns;
  private static EventRecorder events;
  private static InProcessReconciler sync;
  private static InProcessReconciler upsertOnly;
  private static Dns crdDns;
  private static InProcessReconciler crdOnly; // --source crd

  @BeforeAll
  static void start(KubernetesClient client, PowerDnsServer pdns) {
    cluster = new Cluster(client, "e2e-sync");
    outsider = new Cluster(client, "e2e-outsider");
    dns = new Dns(pdns, ZONE);
    upsertDns = new Dns(pdns, UPSERT_ZONE);
    events = new EventRecorder(client, "e2e");
    var policy = InProcessReconciler.policy(OWNER, "test", cluster.namespace);
    sync = new InProcessReconciler(client, policy, Dns.provider(pdns), DomainFilter.of(List.of(ZONE)), SyncMode.SYNC,
        Duration.ofMillis(300), List.of(events));
    upsertOnly = new InProcessReconciler(client, policy, Dns.provider(pdns), DomainFilter.of(List.of(UPSERT_ZONE)),
        SyncMode.UPSERT_ONLY, Duration.ofMillis(300), List.of());
    crdDns = new Dns(pdns, CRD_ZONE);
    crdOnly = new InProcessReconciler(client, policy, Dns.provider(pdns), DomainFilter.of(List.of(CRD_ZONE)),
        SyncMode.SYNC, Duration.ofMillis(300), Duration.ofMinutes(1), List.of(), EnumSet.of(SourceKind.DNS_ENDPOINT));
    cluster.gateway("gw", "192.0.2.10");
    outsider.gateway("gw", "192.0.2.65"); // the outsider's routes attach to a Gateway of their own
  }

  @AfterAll
  static void stop() {
    sync.close();
    upsertOnly.close();
    crdOnly.close();
    events.close();
  }

  @Test
  void httpRoute_gatewayAddressChangesThenRouteDeleted_recordFollowsAndIsRemoved() {
    HTTPRoute route = cluster.route("app", "gw", Map.of(), "app." + ZONE);
    awaitAnswer("app." + ZONE, "A", List.of("192.0.2.10"));
    assertThat(dns.answers("_externaldns.a-app." + ZONE, "TXT")).containsExactly(
        "heritage=external-dns,external-dns/owner=" + OWNER + ",external-dns/resource=httproute/e2e-sync/app");

    cluster.gatewayAddresses("gw", "192.0.2.10", "192.0.2.11");
    awaitAnswer("app." + ZONE, "A", List.of("192.0.2.10", "192.0.2.11"));

    cluster.delete(route);
    awaitAnswer("app." + ZONE, "A", List.of());
    awaitAnswer("_externaldns.a-app." + ZONE, "TXT", List.of());
    cluster.gatewayAddresses("gw", "192.0.2.10");
  }

  @Test
  void httpRoute_targetAndTtlAnnotations_overrideGatewayAndDefaultTtl() {
    cluster.route("annotated", "gw", Map.of("external-dns.kubernetes.io/target", "198.51.100.7",
        "external-dns.alpha.kubernetes.io/ttl", "2m"), "annotated." + ZONE);
    awaitAnswer("annotated." + ZONE, "A", List.of("198.51.100.7"));
    assertThat(dns.query.ttl("annotated." + ZONE, "A")).isEqualTo(120);

    cluster.annotateRoute("annotated", Map.of("external-dns.kubernetes.io/target", "198.51.100.8",
        "external-dns.kubernetes.io/ttl", "60"));
    awaitAnswer("annotated." + ZONE, "A", List.of("198.51.100.8"));
    assertThat(dns.query.ttl("annotated." + ZONE, "A")).isEqualTo(60);
  }

  @Test
  void service_loadBalancerStatus_servedAsARecord() {
    cluster.loadBalancer("lb", "lb." + ZONE, "203.0.113.5");
    awaitAnswer("lb." + ZONE, "A", List.of("203.0.113.5"));
    assertThat(dns.answers("_externaldns.a-lb." + ZONE, "TXT")).singleElement().asString()
        .endsWith("external-dns/resource=service/e2e-sync/lb");
    assertThat(dns.query.ttl("lb." + ZONE, "A")).isEqualTo(300);
  }

  @Test
  void ingress_loadBalancerHostname_servedAsCname() {
    cluster.ingress("web", "web." + ZONE, "lb-1234.elb.example.net");
    awaitAnswer("web." + ZONE, "CNAME", List.of("lb-1234.elb.example.net."));
    assertThat(dns.answers("_externaldns.cname-web." + ZONE, "TXT")).singleElement().asString()
        .endsWith("external-dns/resource=ingress/e2e-sync/web");
  }

  @Test
  void dnsEndpoint_endpoint_servedWithItsTtl() {
    cluster.dnsEndpoint("ep", "ep." + ZONE, "AAAA", 90, "2001:db8::1");
    awaitAnswer("ep." + ZONE, "AAAA", List.of("2001:db8:0:0:0:0:0:1"));
    assertThat(dns.query.ttl("ep." + ZONE, "AAAA")).isEqualTo(90);
    assertThat(dns.answers("_externaldns.aaaa-ep." + ZONE, "TXT")).singleElement().asString()
        .endsWith("external-dns/resource=crd/e2e-sync/ep");
  }

  @Test
  void sourceCrdOnly_serviceNotWatchedNorPublished_dnsEndpointIs() {
    // The Service first: were it watched, its sync would come no later than the DNSEndpoint's.
    cluster.loadBalancer("unwatched", "unwatched." + CRD_ZONE, "203.0.113.9");
    cluster.dnsEndpoint("watched", "watched." + CRD_ZONE, "A", 60, "192.0.2.40");
    awaitAnswer(crdDns, "watched." + CRD_ZONE, "A", List.of("192.0.2.40"));

    assertThat(crdDns.answers("unwatched." + CRD_ZONE, "A")).isEmpty();
    assertThat(crdOnly.informers.objects()).extracting(o -> o.getKind()).containsOnly("DNSEndpoint");
    assertThat(crdOnly.informers.gatewayView().gateway(cluster.namespace, "gw")).isEmpty(); // no route kind: no Gateways
  }

  @Test
  void upsertOnly_routeDeleted_recordsKept() {
    HTTPRoute route = cluster.route("kept", "gw", Map.of(), "kept." + UPSERT_ZONE);
    awaitAnswer(upsertDns, "kept." + UPSERT_ZONE, "A", List.of("192.0.2.10"));
    int before = upsertOnly.syncs.get();
    cluster.delete(route);
    Await.until(SOON, "a sync after the delete", () -> upsertOnly.syncs.get() > before);
    assertThat(upsertDns.answers("kept." + UPSERT_ZONE, "A")).containsExactly("192.0.2.10");
    assertThat(upsertDns.answers("_externaldns.a-kept." + UPSERT_ZONE, "TXT")).hasSize(1);
  }

  @Test
  void deniedObject_severalSyncs_notSyncedAndOneWarningEvent() {
    HTTPRoute denied = outsider.route("intruder", "gw", Map.of("external-dns.kubernetes.io/target", "192.0.2.66"),
        "intruder." + ZONE);
    Await.until(SOON, "a DNSPolicyDenied Event on the route", () -> eventsOn(outsider, denied).size() == 1,
        () -> eventsOn(outsider, denied));
    Event event = eventsOn(outsider, denied).getFirst();
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("DNSPolicyDenied");
    assertThat(event.getMessage()).contains("namespace \"e2e-outsider\" may not claim \"intruder." + ZONE + "\"");

    int before = sync.syncs.get();
    for (int i = 0; i < 3; i++) { // more syncs: the same reason is not reported again
      int seen = sync.syncs.get();
      cluster.touchGateway("gw");
      Await.until(SOON, "another sync", () -> sync.syncs.get() > seen);
    }
    assertThat(sync.syncs.get()).isGreaterThan(before);
    assertThat(eventsOn(outsider, denied)).hasSize(1);
    assertThat(dns.answers("intruder." + ZONE, "A")).isEmpty();
  }

  @Test
  void twoRoutesSameNameDifferentTargets_plannerConflict_eventOnTheLaterOne() {
    cluster.route("first", "gw", Map.of("external-dns.kubernetes.io/target", "192.0.2.21"), "shared." + ZONE);
    awaitAnswer("shared." + ZONE, "A", List.of("192.0.2.21"));
    HTTPRoute second = cluster.route("second", "gw", Map.of("external-dns.kubernetes.io/target", "192.0.2.22"),
        "shared." + ZONE);
    Await.until(SOON, "a DNSConflict Event on the second route", () -> eventsOn(cluster, second).size() == 1,
        () -> eventsOn(cluster, second));
    assertThat(eventsOn(cluster, second).getFirst().getReason()).isEqualTo("DNSConflict");
    assertThat(eventsOn(cluster, second).getFirst().getMessage()).contains("httproute/e2e-sync/first");
    assertThat(dns.answers("shared." + ZONE, "A")).containsExactly("192.0.2.21");
  }

  private static List<Event> eventsOn(Cluster in, HTTPRoute route) {
    return in.client().v1().events().inNamespace(in.namespace).list().getItems().stream()
        .filter(e -> route.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
        .toList();
  }

  private static void awaitAnswer(String name, String type, List<String> expected) {
    awaitAnswer(dns, name, type, expected);
  }

  private static void awaitAnswer(Dns in, String name, String type, List<String> expected) {
    Await.until(SOON, name + " " + type + " answers " + expected, () -> in.answers(name, type).equals(expected),
        () -> in.answers(name, type) + " after " + sync.reports.size() + " syncs, failures " + sync.failures);
  }
}
