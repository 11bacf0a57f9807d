package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.GatewayView;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.kube.ClaimIndexFeeder;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission of Gateway API objects as the Gateway sees them, through a real kube-apiserver calling
 * the webhook: a route's names are its effective hostnames by the spec's attachment rules (read from
 * the informer caches of Gateways, ListenerSets and Namespaces), and a Gateway or ListenerSet is
 * refused when it would give a route attached to it a name owned elsewhere.
 *
 * <p>gw-a owns {@code shop.gwa.test}, {@code udp.gwa.test} and {@code tcp.gwa.test}
 * (Services); each test uses names of its own below gwa.test.
 */
@RealKubeApiServer
class GatewayAttachmentAdmissionTest {
  private static final String WEBHOOK = "dnsguard-gateways";
  private static final String POLICY = """
      apiVersion: dnsguard.openova.io/v1alpha1
      kind: DNSPolicy
      metadata: {name: gateways}
      spec:
        ownerId: e2e
        unmanagedDomains: deny
        domains:
          - suffix: gwa.test
            namespaces: [gw-a, gw-b, gw-c, gw-infra]
      """;
  /** The platform Gateway: listener hostnames (a wildcard too) claim nothing by themselves. */
  private static final String SHARED = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: shared, namespace: gw-infra}
      spec:
        gatewayClassName: c
        allowedListeners: {namespaces: {from: All}}
        listeners:
          - {name: https-wild, protocol: HTTPS, port: 443, hostname: "*.gwa.test", allowedRoutes: {namespaces: {from: All}},
             tls: {certificateRefs: [{name: cert}]}}
          - {name: selected, protocol: HTTP, port: 8081, hostname: sel.gwa.test,
             allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: shop}}}}}
          - {name: tls, protocol: TLS, port: 8443, hostname: shop.gwa.test, allowedRoutes: {namespaces: {from: All}},
             tls: {mode: Passthrough}}
          - {name: tcp, protocol: TCP, port: 5432, allowedRoutes: {namespaces: {from: All}}}
          - {name: udp, protocol: UDP, port: 53, allowedRoutes: {namespaces: {from: All}}}
      """;

  private static KubernetesClient client;
  private static final ClaimIndex INDEX = new ClaimIndex();
  private static SourceInformers informers;
  private static RegisteredWebhook webhook;

  @BeforeAll
  static void start(KubernetesClient kube, @TempDir Path dir) throws Exception {
    client = kube;
    for (String ns : List.of("gw-a", "gw-b", "gw-c", "gw-infra")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels(WEBHOOK, "yes")
          .addToLabels("team", ns.equals("gw-a") ? "shop" : ns).endMetadata().build()).create();
    }
    informers = new SourceInformers(client);
    informers.start(ClaimIndexFeeder.of(INDEX, informers, Attachment.Mode.SPEC), Duration.ZERO);
    assertThat(informers.awaitSynced(Duration.ofSeconds(60))).isTrue();

    PolicyEvaluator evaluator = new PolicyEvaluator(PolicyLoader.load(Files.writeString(dir.resolve("p.yaml"), POLICY)));
    GatewayView gateways = new ReadThroughGateways(informers.gatewayView(), client);
    webhook = new RegisteredWebhook(client, WEBHOOK, new GatewayGuard(() -> evaluator, INDEX, DnsView.EMPTY,
        DnsFailurePolicy.FAIL, gateways, informers::routes,
        new PolicyReviewer(() -> evaluator, INDEX, DnsView.EMPTY, DnsFailurePolicy.FAIL, Attachment.spec(gateways))));
    awaitActive();

    for (String name : List.of("shop", "udp", "tcp")) {
      admitted("""
          apiVersion: v1
          kind: Service
          metadata: {name: %s, namespace: gw-a, annotations: {external-dns.alpha.kubernetes.io/hostname: %s.gwa.test}}
          spec: {ports: [{port: 80}]}
          """.formatted(name, name), name + ".gwa.test");
    }
    gateway(SHARED);
  }

  @AfterAll
  static void stop() {
    webhook.close();
    informers.close();
  }

  @Test
  void sectionName_hostnamelessRouteOnItsOwnNamedListener_isRefusedNamingTheOwner() {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: own, namespace: gw-b}
        spec:
          gatewayClassName: c
          listeners:
            - {name: shop, protocol: HTTP, port: 80, hostname: shop.gwa.test}
            - {name: free, protocol: HTTP, port: 8080, hostname: own-free.gwa.test}
        """);
    assertThat(denial(route("HTTPRoute", "gw-b", "storefront", "", "[{name: own, sectionName: shop}]")))
        .contains("hostname \"shop.gwa.test\" is already claimed by Service gw-a/shop");
    admitted(route("HTTPRoute", "gw-b", "free", "", "[{name: own, sectionName: free}]"), "own-free.gwa.test");
  }

  @Test
  void port_selectsTheListener() {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: ports, namespace: gw-b}
        spec:
          gatewayClassName: c
          listeners:
            - {name: a, protocol: HTTP, port: 80, hostname: shop.gwa.test}
            - {name: b, protocol: HTTP, port: 8080, hostname: ports-free.gwa.test}
        """);
    assertThat(denial(route("HTTPRoute", "gw-b", "port-80", "", "[{name: ports, port: 80}]")))
        .contains("\"shop.gwa.test\" is already claimed by Service gw-a/shop");
    admitted(route("HTTPRoute", "gw-b", "port-8080", "", "[{name: ports, port: 8080}]"), "ports-free.gwa.test");
  }

  @Test
  void wildcardListener_hostnamelessRouteTakesTheWildcard_isRefusedAsCoveringANameOwnedElsewhere() {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: wild, namespace: gw-b}
        spec:
          gatewayClassName: c
          listeners: [{name: any, protocol: HTTP, port: 80, hostname: "*.gwa.test"}]
        """);
    assertThat(denial(route("HTTPRoute", "gw-b", "wild", "", "[{name: wild}]")))
        .contains("wildcard \"*.gwa.test\" covers").contains("already claimed by");
  }

  @Test
  void allowedRoutes_sameAllSelector() throws Exception {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: same, namespace: gw-b}
        spec:
          gatewayClassName: c
          listeners: [{name: web, protocol: HTTP, port: 80, hostname: shop.gwa.test}]
        """);
    // Same (the default): gw-c's route does not attach to gw-b's listener, so it gets no name at all.
    HasMetadata outsider = client.resource(object(route("HTTPRoute", "gw-c", "outsider", "",
        "[{name: same, namespace: gw-b}]"))).create();
    awaitIndexed(() -> informers.routes().stream().anyMatch(r -> r.getMetadata().getName().equals("outsider")));
    assertThat(INDEX.claimsOn(Hostname.of("shop.gwa.test"))).extracting(ObjectRef::name).containsOnly("shop");
    // All: the shared wildcard listener admits any namespace, and the route's own name is intersected.
    assertThat(denial(route("HTTPRoute", "gw-b", "all", "[shop.gwa.test]",
        "[{name: shared, namespace: gw-infra, sectionName: https-wild}]")))
        .contains("\"shop.gwa.test\" is already claimed by Service gw-a/shop");
    // Selector: gw-a (team=shop) gets the listener's name; gw-b does not attach and gets none.
    admitted(route("HTTPRoute", "gw-a", "selected", "", "[{name: shared, namespace: gw-infra, sectionName: selected}]"),
        "sel.gwa.test");
    client.resource(object(route("HTTPRoute", "gw-b", "not-selected", "",
        "[{name: shared, namespace: gw-infra, sectionName: selected}]"))).create();
    client.resource(outsider).delete();
  }

  @Test
  void intersection_routeNamesOutsideTheListenerAreNoNames_aWildcardIsNarrowed() {
    // The listener is *.gwa.test; the route's other.org is outside it: not a name of the route.
    admitted(route("HTTPRoute", "gw-b", "narrow", "[\"narrow.gwa.test\", other.org]",
        "[{name: shared, namespace: gw-infra, sectionName: https-wild}]"), "narrow.gwa.test");
    assertThat(INDEX.claimsOn(Hostname.of("other.org"))).isEmpty();
    // A wildcard route on the shop.gwa.test TLS listener is narrowed to shop.gwa.test.
    assertThat(denial(route("TLSRoute", "gw-b", "narrowed", "[\"*.gwa.test\"]",
        "[{name: shared, namespace: gw-infra, sectionName: tls}]")))
        .contains("\"shop.gwa.test\" is already claimed by Service gw-a/shop");
  }

  @Test
  void listenerSet_hostnamelessRouteTakesItsListenerHostname() {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: ListenerSet
        metadata: {name: extra, namespace: gw-b}
        spec:
          parentRef: {name: shared, namespace: gw-infra}
          listeners: [{name: shop, protocol: HTTP, port: 80, hostname: shop.gwa.test}]
        """);
    assertThat(denial(route("HTTPRoute", "gw-b", "via-set", "", "[{kind: ListenerSet, name: extra}]")))
        .contains("\"shop.gwa.test\" is already claimed by Service gw-a/shop");
  }

  @Test
  void tlsTcpUdpRoutes_areGuarded() {
    assertThat(denial(route("TLSRoute", "gw-b", "tls", "[shop.gwa.test]", "[{name: shared, namespace: gw-infra}]")))
        .contains("\"shop.gwa.test\" is already claimed by Service gw-a/shop");
    assertThat(denial(withAnnotation(route("TCPRoute", "gw-b", "tcp", "", "[{name: shared, namespace: gw-infra, sectionName: tcp}]"),
        "tcp.gwa.test"))).contains("\"tcp.gwa.test\" is already claimed by Service gw-a/tcp");
    assertThat(denial(withAnnotation(route("UDPRoute", "gw-b", "udp", "", "[{name: shared, namespace: gw-infra, sectionName: udp}]"),
        "udp.gwa.test")))
        .contains("\"udp.gwa.test\" is already claimed by Service gw-a/udp");
  }

  @Test
  void gep1016_httpRouteAndGrpcRouteSharingAHostname_isRefusedEvenInOneNamespace() {
    admitted(route("HTTPRoute", "gw-c", "web", "[mixed.gwa.test]", "[{name: shared, namespace: gw-infra, sectionName: https-wild}]"),
        "mixed.gwa.test");
    assertThat(denial(route("GRPCRoute", "gw-c", "rpc", "[mixed.gwa.test]",
        "[{name: shared, namespace: gw-infra, sectionName: https-wild}]")))
        .contains("\"mixed.gwa.test\" is already served by HTTPRoute gw-c/web")
        .contains("GEP-1016");
  }

  @Test
  void gatewayUpdate_givingAnAttachedRouteANameOwnedElsewhere_isRefused_anAllowedOneIsAdmitted() throws Exception {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: later, namespace: gw-b}
        spec:
          gatewayClassName: c
          listeners: [{name: web, protocol: HTTP, port: 80, hostname: later-1.gwa.test}]
        """);
    admitted(route("HTTPRoute", "gw-b", "later", "", "[{name: later}]"), "later-1.gwa.test");

    KubernetesClientException refused = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class).inNamespace("gw-b")
            .withName("later").edit(g -> {
              g.getSpec().getListeners().getFirst().setHostname("shop.gwa.test");
              return g;
            }));
    assertThat(refused.getMessage())
        .contains("Gateway gw-b/later would give routes attached to it names owned elsewhere")
        .contains("HTTPRoute gw-b/later would get hostname \"shop.gwa.test\" is already claimed by Service gw-a/shop");

    client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class).inNamespace("gw-b")
        .withName("later").edit(g -> {
          g.getSpec().getListeners().getFirst().setHostname("later-2.gwa.test");
          return g;
        });
    awaitIndexed(() -> INDEX.claimsOn(Hostname.of("later-2.gwa.test")).stream().anyMatch(r -> r.name().equals("later"))
        && INDEX.claimsOn(Hostname.of("later-1.gwa.test")).isEmpty());
  }

  @Test
  void gatewayAndListenerSet_listenerHostnamesAloneClaimNothing() {
    // The shared Gateway lists *.gwa.test and shop.gwa.test: admitted, and nothing is claimed for it.
    assertThat(INDEX.claimsOn(Hostname.of("*.gwa.test"))).isEmpty();
    assertThat(informers.gateway("gw-infra", "shared")).isPresent();
  }

  // --- helpers -------------------------------------------------------------------------------

  private static String route(String kind, String namespace, String name, String hostnames, String parentRefs) {
    String version = kind.equals("TCPRoute") || kind.equals("UDPRoute") ? "v1alpha2" : "v1";
    String spec = "parentRefs: " + parentRefs + (hostnames.isEmpty() ? "" : ", hostnames: " + hostnames);
    String rules = switch (kind) {
      case "HTTPRoute", "GRPCRoute" -> "";
      default -> ", rules: [{backendRefs: [{name: backend, port: 80}]}]";
    };
    return "apiVersion: gateway.networking.k8s.io/" + version + "\nkind: " + kind + "\nmetadata: {name: " + name
        + ", namespace: " + namespace + "}\nspec: {" + spec + rules + "}\n";
  }

  private static String withAnnotation(String yaml, String hostname) {
    return yaml.replace("}\nspec:", ", annotations: {external-dns.kubernetes.io/hostname: " + hostname + "}}\nspec:");
  }

  private static GenericKubernetesResource object(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  /** Creates a Gateway or ListenerSet and waits until the informers have it. */
  private static void gateway(String yaml) {
    GenericKubernetesResource object = object(yaml);
    client.resource(object).create();
    String ns = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    awaitIndexed(() -> object.getKind().equals("Gateway")
        ? informers.gatewayView().gateway(ns, name).isPresent()
        : informers.gatewayView().listenerSet(ns, name).isPresent());
  }

  /** Creates and waits until the index holds {@code hostname} for it. */
  private static void admitted(String yaml, String hostname) {
    GenericKubernetesResource object = object(yaml);
    client.resource(object).create();
    awaitIndexed(() -> INDEX.claimsOn(Hostname.of(hostname)).stream()
        .anyMatch(r -> r.name().equals(object.getMetadata().getName())));
  }

  private static String denial(String yaml) {
    GenericKubernetesResource object = object(yaml);
    KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resource(object).create());
    assertThat(e.getMessage()).contains("admission webhook \"hostnames.dnsguard.openova.io\" denied the request");
    return e.getMessage();
  }

  private static void awaitIndexed(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("the informers never saw the change").isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The API server loads webhook configurations asynchronously: waits until a Service outside every domain is refused. */
  private static void awaitActive() throws InterruptedException {
    String probe = """
        apiVersion: v1
        kind: Service
        metadata: {name: probe, namespace: gw-a, annotations: {external-dns.alpha.kubernetes.io/hostname: probe.not-managed.org}}
        spec: {ports: [{port: 80}]}
        """;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        client.resource(object(probe)).create();
        client.resource(object(probe)).delete();
      } catch (KubernetesClientException e) {
        if (e.getMessage().contains("probe.not-managed.org")) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the webhook " + WEBHOOK + " never became active");
  }

}
