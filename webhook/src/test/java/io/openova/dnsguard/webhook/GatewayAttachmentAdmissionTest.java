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
import io.openova.dnsguard.reconciler.watch.ClaimIndexFeeder;
import io.openova.dnsguard.reconciler.watch.SourceInformers;
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
 * <p>team-a owns {@code shop.example.com}, {@code udp.example.com} and {@code tcp.example.com}
 * (Services); each test uses names of its own below example.com.
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
          - suffix: example.com
            namespaces: [team-a, team-b, team-c, infra]
      """;
  /** The platform Gateway: listener hostnames (a wildcard too) claim nothing by themselves. */
  private static final String SHARED = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: shared, namespace: infra}
      spec:
        gatewayClassName: c
        allowedListeners: {namespaces: {from: All}}
        listeners:
          - {name: https-wild, protocol: HTTPS, port: 443, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}},
             tls: {certificateRefs: [{name: cert}]}}
          - {name: selected, protocol: HTTP, port: 8081, hostname: sel.example.com,
             allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: shop}}}}}
          - {name: tls, protocol: TLS, port: 8443, hostname: shop.example.com, allowedRoutes: {namespaces: {from: All}},
             tls: {mode: Passthrough}}
          - {name: tcp, protocol: TCP, port: 5432, allowedRoutes: {namespaces: {from: All}}}
          - {name: udp, protocol: UDP, port: 53, hostname: udp.example.com, allowedRoutes: {namespaces: {from: All}}}
      """;

  private static KubernetesClient client;
  private static final ClaimIndex INDEX = new ClaimIndex();
  private static SourceInformers informers;
  private static RegisteredWebhook webhook;

  @BeforeAll
  static void start(KubernetesClient kube, @TempDir Path dir) throws Exception {
    client = kube;
    for (String ns : List.of("team-a", "team-b", "team-c", "infra")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels(WEBHOOK, "yes")
          .addToLabels("team", ns.equals("team-a") ? "shop" : ns).endMetadata().build()).create();
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
          metadata: {name: %s, namespace: team-a, annotations: {external-dns.alpha.kubernetes.io/hostname: %s.example.com}}
          spec: {ports: [{port: 80}]}
          """.formatted(name, name), name + ".example.com");
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
        metadata: {name: own, namespace: team-b}
        spec:
          gatewayClassName: c
          listeners:
            - {name: shop, protocol: HTTP, port: 80, hostname: shop.example.com}
            - {name: free, protocol: HTTP, port: 8080, hostname: own-free.example.com}
        """);
    assertThat(denial(route("HTTPRoute", "team-b", "storefront", "", "[{name: own, sectionName: shop}]")))
        .contains("hostname \"shop.example.com\" is already claimed by Service team-a/shop");
    admitted(route("HTTPRoute", "team-b", "free", "", "[{name: own, sectionName: free}]"), "own-free.example.com");
  }

  @Test
  void port_selectsTheListener() {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: ports, namespace: team-b}
        spec:
          gatewayClassName: c
          listeners:
            - {name: a, protocol: HTTP, port: 80, hostname: shop.example.com}
            - {name: b, protocol: HTTP, port: 8080, hostname: ports-free.example.com}
        """);
    assertThat(denial(route("HTTPRoute", "team-b", "port-80", "", "[{name: ports, port: 80}]")))
        .contains("\"shop.example.com\" is already claimed by Service team-a/shop");
    admitted(route("HTTPRoute", "team-b", "port-8080", "", "[{name: ports, port: 8080}]"), "ports-free.example.com");
  }

  @Test
  void wildcardListener_hostnamelessRouteTakesTheWildcard_isRefusedAsCoveringANameOwnedElsewhere() {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: wild, namespace: team-b}
        spec:
          gatewayClassName: c
          listeners: [{name: any, protocol: HTTP, port: 80, hostname: "*.example.com"}]
        """);
    assertThat(denial(route("HTTPRoute", "team-b", "wild", "", "[{name: wild}]")))
        .contains("wildcard \"*.example.com\" covers").contains("already claimed by Service team-a/");
  }

  @Test
  void allowedRoutes_sameAllSelector() throws Exception {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: same, namespace: team-b}
        spec:
          gatewayClassName: c
          listeners: [{name: web, protocol: HTTP, port: 80, hostname: shop.example.com}]
        """);
    // Same (the default): team-c's route does not attach to team-b's listener, so it gets no name at all.
    HasMetadata outsider = client.resource(object(route("HTTPRoute", "team-c", "outsider", "",
        "[{name: same, namespace: team-b}]"))).create();
    awaitIndexed(() -> informers.routes().stream().anyMatch(r -> r.getMetadata().getName().equals("outsider")));
    assertThat(INDEX.claimsOn(Hostname.of("shop.example.com"))).extracting(ObjectRef::name).containsOnly("shop");
    // All: the shared wildcard listener admits any namespace, and the route's own name is intersected.
    assertThat(denial(route("HTTPRoute", "team-b", "all", "[shop.example.com]",
        "[{name: shared, namespace: infra, sectionName: https-wild}]")))
        .contains("\"shop.example.com\" is already claimed by Service team-a/shop");
    // Selector: team-a (team=shop) gets the listener's name; team-b does not attach and gets none.
    admitted(route("HTTPRoute", "team-a", "selected", "", "[{name: shared, namespace: infra, sectionName: selected}]"),
        "sel.example.com");
    client.resource(object(route("HTTPRoute", "team-b", "not-selected", "",
        "[{name: shared, namespace: infra, sectionName: selected}]"))).create();
    client.resource(outsider).delete();
  }

  @Test
  void intersection_routeNamesOutsideTheListenerAreNoNames_aWildcardIsNarrowed() {
    // The listener is *.example.com; the route's other.org is outside it: not a name of the route.
    admitted(route("HTTPRoute", "team-b", "narrow", "[\"narrow.example.com\", other.org]",
        "[{name: shared, namespace: infra, sectionName: https-wild}]"), "narrow.example.com");
    assertThat(INDEX.claimsOn(Hostname.of("other.org"))).isEmpty();
    // A wildcard route on the shop.example.com TLS listener is narrowed to shop.example.com.
    assertThat(denial(route("TLSRoute", "team-b", "narrowed", "[\"*.example.com\"]",
        "[{name: shared, namespace: infra, sectionName: tls}]")))
        .contains("\"shop.example.com\" is already claimed by Service team-a/shop");
  }

  @Test
  void listenerSet_hostnamelessRouteTakesItsListenerHostname() {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: ListenerSet
        metadata: {name: extra, namespace: team-b}
        spec:
          parentRef: {name: shared, namespace: infra}
          listeners: [{name: shop, protocol: HTTP, port: 80, hostname: shop.example.com}]
        """);
    assertThat(denial(route("HTTPRoute", "team-b", "via-set", "", "[{kind: ListenerSet, name: extra}]")))
        .contains("\"shop.example.com\" is already claimed by Service team-a/shop");
  }

  @Test
  void tlsTcpUdpRoutes_areGuarded() {
    assertThat(denial(route("TLSRoute", "team-b", "tls", "[shop.example.com]", "[{name: shared, namespace: infra}]")))
        .contains("\"shop.example.com\" is already claimed by Service team-a/shop");
    assertThat(denial(withAnnotation(route("TCPRoute", "team-b", "tcp", "", "[{name: shared, namespace: infra, sectionName: tcp}]"),
        "tcp.example.com"))).contains("\"tcp.example.com\" is already claimed by Service team-a/tcp");
    assertThat(denial(route("UDPRoute", "team-b", "udp", "", "[{name: shared, namespace: infra, sectionName: udp}]")))
        .contains("\"udp.example.com\" is already claimed by Service team-a/udp");
  }

  @Test
  void gep1016_httpRouteAndGrpcRouteSharingAHostname_isRefusedEvenInOneNamespace() {
    admitted(route("HTTPRoute", "team-c", "web", "[mixed.example.com]", "[{name: shared, namespace: infra, sectionName: https-wild}]"),
        "mixed.example.com");
    assertThat(denial(route("GRPCRoute", "team-c", "rpc", "[mixed.example.com]",
        "[{name: shared, namespace: infra, sectionName: https-wild}]")))
        .contains("\"mixed.example.com\" is already served by HTTPRoute team-c/web")
        .contains("GEP-1016");
  }

  @Test
  void gatewayUpdate_givingAnAttachedRouteANameOwnedElsewhere_isRefused_anAllowedOneIsAdmitted() throws Exception {
    gateway("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: later, namespace: team-b}
        spec:
          gatewayClassName: c
          listeners: [{name: web, protocol: HTTP, port: 80, hostname: later-1.example.com}]
        """);
    admitted(route("HTTPRoute", "team-b", "later", "", "[{name: later}]"), "later-1.example.com");

    KubernetesClientException refused = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class).inNamespace("team-b")
            .withName("later").edit(g -> {
              g.getSpec().getListeners().getFirst().setHostname("shop.example.com");
              return g;
            }));
    assertThat(refused.getMessage())
        .contains("Gateway team-b/later would give routes attached to it names owned elsewhere")
        .contains("HTTPRoute team-b/later would get hostname \"shop.example.com\" is already claimed by Service team-a/shop");

    client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class).inNamespace("team-b")
        .withName("later").edit(g -> {
          g.getSpec().getListeners().getFirst().setHostname("later-2.example.com");
          return g;
        });
    awaitIndexed(() -> INDEX.claimsOn(Hostname.of("later-2.example.com")).stream().anyMatch(r -> r.name().equals("later"))
        && INDEX.claimsOn(Hostname.of("later-1.example.com")).isEmpty());
  }

  @Test
  void gatewayAndListenerSet_listenerHostnamesAloneClaimNothing() {
    // The shared Gateway lists *.example.com and shop.example.com: admitted, and nothing is claimed for it.
    assertThat(INDEX.claimsOn(Hostname.of("*.example.com"))).isEmpty();
    assertThat(informers.gateway("infra", "shared")).isPresent();
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
        metadata: {name: probe, namespace: team-a, annotations: {external-dns.alpha.kubernetes.io/hostname: probe.not-managed.org}}
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
