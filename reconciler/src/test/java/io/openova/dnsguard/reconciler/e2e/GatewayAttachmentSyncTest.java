package io.openova.dnsguard.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconciler publishes what the Gateway makes of a route (real kube-apiserver, real PowerDNS):
 * the names are the effective hostnames through the parents that accepted the route (the test plays
 * the Gateway controller and writes the statuses), the targets the addresses of the Gateways the
 * names come through.
 */
@RealKubeApiServer
@RealPowerDns
class GatewayAttachmentSyncTest {
  private static final String ZONE = "gw-sync.test";
  private static final Duration SOON = Duration.ofSeconds(20);

  private static KubernetesClient client;
  private static Dns dns;
  private static InProcessReconciler sync;

  @BeforeAll
  static void start(KubernetesClient kube, PowerDnsServer pdns) {
    client = kube;
    for (String ns : List.of("g-a", "g-b", "g-c", "g-infra")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
          .addToLabels("team", ns.equals("g-a") ? "shop" : ns).endMetadata().build()).create();
    }
    dns = new Dns(pdns, ZONE);
    sync = new InProcessReconciler(client, InProcessReconciler.policyWithTxtWildcard("gw-owner", ZONE, "g-a", "g-b", "g-c", "g-infra"),
        Dns.provider(pdns), DomainFilter.of(List.of(ZONE)), SyncMode.SYNC, Duration.ofMillis(300), List.of());
    apply("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: shared, namespace: g-infra}
        spec:
          gatewayClassName: c
          allowedListeners: {namespaces: {from: All}}
          listeners:
            - {name: wild, protocol: HTTP, port: 80, hostname: "*.shared.gw-sync.test", allowedRoutes: {namespaces: {from: All}}}
            - {name: selected, protocol: HTTP, port: 8081, hostname: sel.gw-sync.test,
               allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: shop}}}}}
            - {name: same, protocol: HTTP, port: 8082, hostname: same.gw-sync.test}
            - {name: tls, protocol: TLS, port: 8443, hostname: tls.gw-sync.test, allowedRoutes: {namespaces: {from: All}},
               tls: {mode: Passthrough}}
            - {name: tcp, protocol: TCP, port: 5432, allowedRoutes: {namespaces: {from: All}}}
            - {name: udp, protocol: UDP, port: 53, allowedRoutes: {namespaces: {from: All}}}
        status:
          addresses: [{type: IPAddress, value: 192.0.2.40}]
        """);
    apply("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: own, namespace: g-b}
        spec:
          gatewayClassName: c
          listeners:
            - {name: web, protocol: HTTP, port: 80, hostname: web.gw-sync.test}
            - {name: api, protocol: HTTP, port: 8080, hostname: api.gw-sync.test}
            - {name: wild, protocol: HTTP, port: 8081, hostname: "*.wild.gw-sync.test"}
        status:
          addresses: [{type: IPAddress, value: 192.0.2.41}]
        """);
  }

  @AfterAll
  static void stop() {
    sync.close();
  }

  @Test
  void sectionName_hostnamelessRoute_publishesItsListenersHostnameOnly() {
    apply(route("HTTPRoute", "g-b", "web", "", "[{name: own, sectionName: web}]"));
    awaitAnswer("web.gw-sync.test", "A", List.of("192.0.2.41"));
    assertThat(dns.answers("_externaldns.a-web.gw-sync.test", "TXT")).singleElement().asString()
        .contains("external-dns/resource=httproute/g-b/web");
    assertThat(dns.answers("api.gw-sync.test", "A")).isEmpty();
  }

  @Test
  void port_selectsTheListener() {
    apply(route("HTTPRoute", "g-b", "by-port", "", "[{name: own, port: 8080}]"));
    awaitAnswer("api.gw-sync.test", "A", List.of("192.0.2.41"));
  }

  @Test
  void wildcardListener_hostnamelessRoute_publishesTheWildcard() {
    apply(route("HTTPRoute", "g-b", "wild", "", "[{name: own, sectionName: wild}]"));
    awaitAnswer("anything.wild.gw-sync.test", "A", List.of("192.0.2.41"));
  }

  @Test
  void intersection_narrowsAndDropsNamesOutsideTheListener() {
    apply(route("HTTPRoute", "g-c", "narrow", "[a.shared.gw-sync.test, outside.gw-sync.test]",
        "[{name: shared, namespace: g-infra, sectionName: wild}]"));
    awaitAnswer("a.shared.gw-sync.test", "A", List.of("192.0.2.40"));
    assertThat(dns.answers("outside.gw-sync.test", "A")).isEmpty();
  }

  @Test
  void allowedRoutes_sameAndSelector_decideEvenWhenTheStatusSaysAccepted() {
    // A controller's Accepted is necessary, not sufficient: the listener must admit the namespace.
    apply(route("HTTPRoute", "g-c", "not-same", "", "[{name: shared, namespace: g-infra, sectionName: same}]"));
    apply(route("HTTPRoute", "g-c", "not-selected", "", "[{name: shared, namespace: g-infra, sectionName: selected}]"));
    apply(route("HTTPRoute", "g-a", "selected", "", "[{name: shared, namespace: g-infra, sectionName: selected}]"));
    apply(route("HTTPRoute", "g-infra", "same", "", "[{name: shared, sectionName: same}]"));
    awaitAnswer("sel.gw-sync.test", "A", List.of("192.0.2.40"));
    awaitAnswer("same.gw-sync.test", "A", List.of("192.0.2.40"));
    assertThat(dns.answers("_externaldns.a-sel.gw-sync.test", "TXT")).singleElement().asString()
        .contains("resource=httproute/g-a/selected");
    assertThat(dns.answers("_externaldns.a-same.gw-sync.test", "TXT")).singleElement().asString()
        .contains("resource=httproute/g-infra/same");
  }

  @Test
  void listenerSet_acceptedSet_publishesWithItsGatewaysAddress() {
    apply("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: ListenerSet
        metadata: {name: extra, namespace: g-c}
        spec:
          parentRef: {name: shared, namespace: g-infra}
          listeners: [{name: set, protocol: HTTP, port: 9000, hostname: set.gw-sync.test}]
        status:
          conditions: [%s]
          listeners: [{name: set, attachedRoutes: 1, supportedKinds: [{kind: HTTPRoute}], conditions: [%s]}]
        """.formatted(accepted("Accepted"), accepted("Accepted")));
    apply(route("HTTPRoute", "g-c", "via-set", "", "[{kind: ListenerSet, name: extra}]"));
    awaitAnswer("set.gw-sync.test", "A", List.of("192.0.2.40"));
  }

  @Test
  void tlsTcpUdpRoutes_arePublished() {
    apply(route("TLSRoute", "g-c", "tls", "[tls.gw-sync.test]", "[{name: shared, namespace: g-infra}]"));
    apply(route("TCPRoute", "g-c", "tcp", "", "[{name: shared, namespace: g-infra, sectionName: tcp}]")
        .replace("namespace: g-c}", "namespace: g-c, annotations: {external-dns.alpha.kubernetes.io/hostname: db.gw-sync.test}}"));
    apply(route("UDPRoute", "g-c", "udp", "", "[{name: shared, namespace: g-infra, sectionName: udp}]")
        .replace("namespace: g-c}", "namespace: g-c, annotations: {external-dns.alpha.kubernetes.io/hostname: udp.gw-sync.test}}"));
    awaitAnswer("tls.gw-sync.test", "A", List.of("192.0.2.40"));
    awaitAnswer("db.gw-sync.test", "A", List.of("192.0.2.40"));
    awaitAnswer("udp.gw-sync.test", "A", List.of("192.0.2.40"));
    assertThat(dns.answers("_externaldns.a-tls.gw-sync.test", "TXT")).singleElement().asString()
        .contains("resource=tlsroute/g-c/tls");
    assertThat(dns.answers("_externaldns.a-db.gw-sync.test", "TXT")).singleElement().asString()
        .contains("resource=tcproute/g-c/tcp");
    assertThat(dns.answers("_externaldns.a-udp.gw-sync.test", "TXT")).singleElement().asString()
        .contains("resource=udproute/g-c/udp");
  }

  @Test
  void gep1016_theOlderHttpRouteKeepsTheName_theGrpcRouteIsNotSynced() throws Exception {
    apply(route("HTTPRoute", "g-c", "mixed-web", "[mixed.shared.gw-sync.test]",
        "[{name: shared, namespace: g-infra, sectionName: wild}]"));
    awaitAnswer("mixed.shared.gw-sync.test", "A", List.of("192.0.2.40"));
    Thread.sleep(1100); // creationTimestamp has one-second resolution: the GRPCRoute is strictly younger
    apply(route("GRPCRoute", "g-c", "mixed-rpc", "[mixed.shared.gw-sync.test]",
        "[{name: shared, namespace: g-infra, sectionName: wild}]"));
    Await.until(SOON, "a sync denying the GRPCRoute", () -> !sync.reports.isEmpty() && sync.reports.getLast().decisions()
        .denied().stream().anyMatch(denied -> denied.ref().name().equals("mixed-rpc")));
    assertThat(sync.reports.getLast().decisions().denied())
        .anySatisfy(denied -> assertThat(denied.deny().message()).contains("GEP-1016")
            .contains("already served by HTTPRoute g-c/mixed-web"));
    assertThat(dns.answers("_externaldns.a-mixed.shared.gw-sync.test", "TXT")).singleElement().asString()
        .contains("resource=httproute/g-c/mixed-web");
  }

  @Test
  void gatewayUpdate_listenerHostnameChange_movesTheNamesOfAttachedRoutes() {
    apply("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: moving, namespace: g-b}
        spec:
          gatewayClassName: c
          listeners: [{name: web, protocol: HTTP, port: 80, hostname: before.gw-sync.test}]
        status:
          addresses: [{type: IPAddress, value: 192.0.2.42}]
        """);
    apply(route("HTTPRoute", "g-b", "moving", "", "[{name: moving}]"));
    awaitAnswer("before.gw-sync.test", "A", List.of("192.0.2.42"));

    client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class).inNamespace("g-b")
        .withName("moving").edit(g -> {
          g.getSpec().getListeners().getFirst().setHostname("after.gw-sync.test");
          return g;
        });
    awaitAnswer("after.gw-sync.test", "A", List.of("192.0.2.42"));
    awaitAnswer("before.gw-sync.test", "A", List.of());
  }

  // --- helpers -------------------------------------------------------------------------------

  /** A route with every parent reporting it Accepted (the test plays the controller). */
  private static String route(String kind, String namespace, String name, String hostnames, String parentRefs) {
    String version = kind.equals("TCPRoute") || kind.equals("UDPRoute") ? "v1alpha2" : "v1";
    String rules = kind.equals("HTTPRoute") || kind.equals("GRPCRoute") ? "" : ", rules: [{backendRefs: [{name: b, port: 80}]}]";
    StringBuilder parents = new StringBuilder();
    // A flow sequence would be read as JSON: wrapped in a YAML map it is read as YAML.
    for (Object ref : (List<?>) Serialization.unmarshal("refs: " + parentRefs, Map.class).get("refs")) {
      parents.append("    - {parentRef: ").append(Serialization.asJson(ref))
          .append(", controllerName: example.com/gw, conditions: [").append(accepted("Accepted")).append("]}\n");
    }
    return "apiVersion: gateway.networking.k8s.io/" + version + "\nkind: " + kind + "\nmetadata: {name: " + name
        + ", namespace: " + namespace + "}\nspec: {parentRefs: " + parentRefs
        + (hostnames.isEmpty() ? "" : ", hostnames: " + hostnames) + rules + "}\nstatus:\n  parents:\n" + parents;
  }

  private static String accepted(String reason) {
    return "{type: Accepted, status: \"True\", reason: " + reason + ", message: \"\", lastTransitionTime: \""
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}";
  }

  /** Creates the object, then writes the status it was given (as its controller would). */
  @SuppressWarnings("unchecked")
  private static void apply(String yaml) {
    GenericKubernetesResource object = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    Object status = object.getAdditionalProperties().remove("status");
    GenericKubernetesResource created = client.resource(object).create();
    if (status != null) {
      created.getAdditionalProperties().put("status", (Map<String, Object>) status);
      client.resource(created).updateStatus();
    }
  }

  private static void awaitAnswer(String name, String type, List<String> expected) {
    Await.until(SOON, name + " " + type + " answers " + expected, () -> dns.answers(name, type).equals(expected),
        () -> dns.answers(name, type) + " after " + sync.reports.size() + " syncs, failures " + sync.failures
            + ", zone " + dns.rawRrsets().keySet() + ", denied " + (sync.reports.isEmpty() ? "-"
            : sync.reports.getLast().decisions().denied().stream().map(d -> d.deny().message()).toList()));
  }
}
