package io.openova.dnsguard.policies.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.openova.dnsguard.policies.claim.EffectiveHostnames.EffectiveName;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.policy.YamlDocuments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attachment rules of the Gateway API spec (v1.5+) as a matrix: one shared set of Gateways,
 * ListenerSets and Namespaces, one route per row, and the names it gets at admission (spec attachment).
 */
class EffectiveHostnamesTest {

  private static final String SHARED = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: shared, namespace: infra}
      spec:
        gatewayClassName: c
        allowedListeners: {namespaces: {from: All}}
        listeners:
          - {name: https-wild, protocol: HTTPS, port: 443, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}
          - {name: http-any, protocol: HTTP, port: 80}
          - {name: shop, protocol: HTTPS, port: 8443, hostname: shop.example.com,
             allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: shop}}}}}
          - {name: tls, protocol: TLS, port: 443, hostname: tls.example.com, allowedRoutes: {namespaces: {from: All}}}
          - {name: tcp, protocol: TCP, port: 5432, allowedRoutes: {namespaces: {from: All}}}
          - {name: udp, protocol: UDP, port: 53, allowedRoutes: {namespaces: {from: All}}}
          - {name: grpc-only, protocol: HTTP, port: 9000, hostname: grpc.example.com,
             allowedRoutes: {namespaces: {from: All}, kinds: [{kind: GRPCRoute}]}}
      """;
  private static final String OWN = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: own, namespace: team-b}
      spec:
        gatewayClassName: c
        listeners:
          - {name: web, protocol: HTTP, port: 80, hostname: shop.example.com}
          - {name: wild, protocol: HTTP, port: 8080, hostname: "*.example.com"}
      """;
  private static final String CLOSED = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: closed, namespace: infra}
      spec:
        gatewayClassName: c
        listeners: [{name: web, protocol: HTTP, port: 80}]
      """;
  private static final String LISTENER_SET = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: ListenerSet
      metadata: {name: ls, namespace: team-c}
      spec:
        parentRef: {name: shared, namespace: infra}
        listeners: [{name: extra, protocol: HTTPS, port: 443, hostname: c.example.com}]
      """;
  private static final String ORPHAN_SET = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: ListenerSet
      metadata: {name: orphan, namespace: team-c}
      spec:
        parentRef: {name: closed, namespace: infra}
        listeners: [{name: extra, protocol: HTTP, port: 80, hostname: orphan.example.com}]
      """;

  static final GatewayView VIEW = view(List.of(SHARED, OWN, CLOSED, LISTENER_SET, ORPHAN_SET),
      Map.of("team-a", Map.of("team", "shop"), "team-b", Map.of(), "team-c", Map.of(), "infra", Map.of()));

  /** One row: a route (kind, namespace, spec fragment, annotations) and the names it gets. */
  record Row(String rule, String kind, String namespace, String spec, String annotations, List<String> names) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Row> spec() {
    return Stream.of(
        new Row("sectionName picks one listener", "HTTPRoute", "team-a",
            "{hostnames: [a.example.com], parentRefs: [{name: shared, namespace: infra, sectionName: https-wild}]}", "",
            List.of("a.example.com")),
        new Row("no sectionName: every listener that admits the route", "HTTPRoute", "team-a",
            "{hostnames: [a.example.com], parentRefs: [{name: shared, namespace: infra}]}", "", List.of("a.example.com")),
        new Row("hostname-less route on a named listener takes its hostname", "HTTPRoute", "team-b",
            "{parentRefs: [{name: own, sectionName: web}]}", "", List.of("shop.example.com")),
        new Row("hostname-less route on a wildcard listener takes the wildcard", "HTTPRoute", "team-a",
            "{parentRefs: [{name: shared, namespace: infra, sectionName: https-wild}]}", "", List.of("*.example.com")),
        new Row("hostname-less route on every listener of its own Gateway", "HTTPRoute", "team-b",
            "{parentRefs: [{name: own}]}", "", List.of("shop.example.com", "*.example.com")),
        new Row("intersection: a wildcard route narrowed to the listener's name", "HTTPRoute", "team-a",
            "{hostnames: [\"*.example.com\"], parentRefs: [{name: shared, namespace: infra, sectionName: shop}]}", "",
            List.of("shop.example.com")),
        new Row("intersection: the more specific wildcard wins", "HTTPRoute", "team-a",
            "{hostnames: [\"*.a.example.com\"], parentRefs: [{name: shared, namespace: infra, sectionName: https-wild}]}", "",
            List.of("*.a.example.com")),
        new Row("a route hostname outside every listener is no name", "HTTPRoute", "team-a",
            "{hostnames: [a.example.org, b.example.com], parentRefs: [{name: shared, namespace: infra, sectionName: https-wild}]}",
            "", List.of("b.example.com")),
        new Row("port selects listeners: 443", "HTTPRoute", "team-a",
            "{hostnames: [a.example.com], parentRefs: [{name: shared, namespace: infra, port: 443}]}", "",
            List.of("a.example.com")),
        new Row("port selects listeners: 80 admits only its own namespace", "HTTPRoute", "team-a",
            "{hostnames: [a.example.com], parentRefs: [{name: shared, namespace: infra, port: 80}]}", "", List.of()),
        new Row("port and sectionName must both fit", "HTTPRoute", "team-a",
            "{hostnames: [a.example.com], parentRefs: [{name: shared, namespace: infra, sectionName: https-wild, port: 80}]}",
            "", List.of()),
        new Row("allowedRoutes Same (the default) refuses another namespace", "HTTPRoute", "team-b",
            "{hostnames: [x.example.com], parentRefs: [{name: shared, namespace: infra, sectionName: http-any}]}", "",
            List.of()),
        new Row("allowedRoutes Same admits the Gateway's namespace", "HTTPRoute", "infra",
            "{hostnames: [x.example.com], parentRefs: [{name: shared, sectionName: http-any}]}", "",
            List.of("x.example.com")),
        new Row("allowedRoutes Selector admits a matching namespace", "HTTPRoute", "team-a",
            "{parentRefs: [{name: shared, namespace: infra, sectionName: shop}]}", "", List.of("shop.example.com")),
        new Row("allowedRoutes Selector refuses another namespace", "HTTPRoute", "team-b",
            "{parentRefs: [{name: shared, namespace: infra, sectionName: shop}]}", "", List.of()),
        new Row("allowedRoutes All admits any namespace", "HTTPRoute", "team-b",
            "{hostnames: [b.example.com], parentRefs: [{name: shared, namespace: infra, sectionName: https-wild}]}", "",
            List.of("b.example.com")),
        new Row("allowedRoutes kinds refuse an HTTPRoute", "HTTPRoute", "team-a",
            "{hostnames: [grpc.example.com], parentRefs: [{name: shared, namespace: infra, sectionName: grpc-only}]}", "",
            List.of()),
        new Row("allowedRoutes kinds admit a GRPCRoute", "GRPCRoute", "team-a",
            "{hostnames: [grpc.example.com], parentRefs: [{name: shared, namespace: infra, sectionName: grpc-only}]}", "",
            List.of("grpc.example.com")),
        new Row("ListenerSet: a hostname-less route takes the set's listener hostname", "HTTPRoute", "team-c",
            "{parentRefs: [{kind: ListenerSet, name: ls}]}", "", List.of("c.example.com")),
        new Row("ListenerSet whose Gateway does not allow it gives nothing", "HTTPRoute", "team-c",
            "{parentRefs: [{kind: ListenerSet, name: orphan}]}", "", List.of()),
        new Row("a Gateway that is not there gives nothing", "HTTPRoute", "team-a",
            "{hostnames: [a.example.com], parentRefs: [{name: missing}]}", "", List.of()),
        new Row("TLSRoute attaches to TLS listeners only", "TLSRoute", "team-a",
            "{hostnames: [tls.example.com], parentRefs: [{name: shared, namespace: infra}]}", "",
            List.of("tls.example.com")),
        new Row("TCPRoute: annotation hostnames on a hostname-less TCP listener", "TCPRoute", "team-a",
            "{parentRefs: [{name: shared, namespace: infra, sectionName: tcp}]}",
            "external-dns.alpha.kubernetes.io/hostname: db.example.com", List.of("db.example.com")),
        new Row("TCPRoute without annotation on a hostname-less listener has no name", "TCPRoute", "team-a",
            "{parentRefs: [{name: shared, namespace: infra, sectionName: tcp}]}", "", List.of()),
        new Row("UDPRoute: annotation hostnames (TCP and UDP listeners have no hostname)", "UDPRoute", "team-a",
            "{parentRefs: [{name: shared, namespace: infra, sectionName: udp}]}",
            "external-dns.kubernetes.io/hostname: dns.example.com", List.of("dns.example.com")),
        new Row("hostname annotation is intersected like spec.hostnames", "HTTPRoute", "team-a",
            "{hostnames: [a.example.com], parentRefs: [{name: shared, namespace: infra, sectionName: https-wild}]}",
            "external-dns.kubernetes.io/hostname: \"n.example.com, n.example.org\"", List.of("a.example.com", "n.example.com")),
        new Row("gateway-hostname-source annotation-only drops spec.hostnames", "HTTPRoute", "team-a",
            "{hostnames: [a.example.com], parentRefs: [{name: shared, namespace: infra, sectionName: https-wild}]}",
            "{external-dns.alpha.kubernetes.io/hostname: n.example.com, external-dns.alpha.kubernetes.io/gateway-hostname-source: annotation-only}",
            List.of("n.example.com")),
        new Row("gateway-hostname-source defined-hosts-only: no listener hostname is inherited", "HTTPRoute", "team-b",
            "{parentRefs: [{name: own, sectionName: web}]}",
            "external-dns.alpha.kubernetes.io/gateway-hostname-source: defined-hosts-only", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spec")
  void of_specAttachment(Row row) {
    assertThat(names(route(row), Attachment.spec(VIEW))).containsExactlyElementsOf(row.names());
  }

  @Test
  void of_asWritten_routeHostnamesWhateverTheGateway() {
    Row row = new Row("as written", "HTTPRoute", "team-a",
        "{hostnames: [a.example.org], parentRefs: [{name: missing}]}", "", List.of());
    assertThat(names(route(row), Attachment.AS_WRITTEN)).containsExactly("a.example.org");
  }

  @Test
  void of_accepted_onlyParentsThatAcceptedTheRoute() {
    String yaml = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: r, namespace: team-a}
        spec:
          hostnames: [a.example.com]
          parentRefs: [{name: shared, namespace: infra, sectionName: https-wild}, {name: own, namespace: team-b}]
        status:
          parents:
            - parentRef: {name: shared, namespace: infra, sectionName: https-wild}
              controllerName: x/y
              conditions: [{type: Accepted, status: "True", reason: Accepted, lastTransitionTime: "2026-01-01T00:00:00Z", message: ""}]
            - parentRef: {name: own, namespace: team-b}
              controllerName: x/y
              conditions: [{type: Accepted, status: "False", reason: NotAllowedByListeners, lastTransitionTime: "2026-01-01T00:00:00Z", message: ""}]
            - parentRef: {name: closed, namespace: infra}
              controllerName: x/y
              conditions: [{type: Accepted, status: "True", reason: Accepted, lastTransitionTime: "2026-01-01T00:00:00Z", message: ""}]
        """;
    RouteSpec route = RouteSpec.of(parse(yaml)).orElseThrow();
    List<EffectiveName> names = EffectiveHostnames.of(route, Attachment.accepted(VIEW));
    assertThat(names).extracting(n -> n.hostname().value()).containsExactly("a.example.com");
    assertThat(names.getFirst().gateway().getMetadata().getName()).isEqualTo("shared");
    assertThat(EffectiveHostnames.of(route, Attachment.spec(VIEW)))
        .extracting(n -> n.hostname().value()).containsExactly("a.example.com");
  }

  @Test
  void of_accepted_listenerSetNeedsAcceptedStatus() {
    Row row = new Row("ls", "HTTPRoute", "team-c", "{parentRefs: [{kind: ListenerSet, name: ls}]}", "", List.of());
    String status = """
        status:
          parents:
            - parentRef: {kind: ListenerSet, name: ls}
              controllerName: x/y
              conditions: [{type: Accepted, status: "True", reason: Accepted, lastTransitionTime: "2026-01-01T00:00:00Z", message: ""}]
        """;
    RouteSpec route = RouteSpec.of(parse(yaml(row) + status)).orElseThrow();
    assertThat(EffectiveHostnames.of(route, Attachment.accepted(VIEW))).isEmpty(); // the ListenerSet has no status

    ListenerSet accepted = (ListenerSet) parse(LISTENER_SET + """
        status:
          conditions: [{type: Accepted, status: "True", reason: Accepted, lastTransitionTime: "2026-01-01T00:00:00Z", message: ""}]
          listeners:
            - name: extra
              attachedRoutes: 1
              supportedKinds: [{kind: HTTPRoute}]
              conditions: [{type: Accepted, status: "True", reason: Accepted, lastTransitionTime: "2026-01-01T00:00:00Z", message: ""}]
        """);
    List<EffectiveName> names = EffectiveHostnames.of(route, Attachment.accepted(VIEW.with(accepted)));
    assertThat(names).extracting(n -> n.hostname().value()).containsExactly("c.example.com");
    assertThat(names.getFirst().gateway().getMetadata().getName()).isEqualTo("shared");
    assertThat(names.getFirst().listenerSet()).isSameAs(accepted);
  }

  @Test
  void of_inheritedName_saysWhichListenerItCameFrom() {
    Row row = new Row("field", "HTTPRoute", "team-b", "{parentRefs: [{name: own, sectionName: web}]}", "", List.of());
    assertThat(EffectiveHostnames.of(route(row), Attachment.spec(VIEW)).getFirst().field())
        .isEqualTo("Gateway team-b/own listener \"web\" hostname");
  }

  @Test
  void matching_isSymmetricAndPicksTheMoreSpecific() {
    Hostname wild = Hostname.of("*.example.com");
    Hostname name = Hostname.of("a.b.example.com");
    assertThat(EffectiveHostnames.matching(wild, name)).contains(name);
    assertThat(EffectiveHostnames.matching(name, wild)).contains(name);
    assertThat(EffectiveHostnames.matching(wild, Hostname.of("example.com"))).isEmpty();
    assertThat(EffectiveHostnames.matching(null, null)).isEmpty();
    assertThat(EffectiveHostnames.matching(null, name)).contains(name);
  }

  private static List<String> names(RouteSpec route, Attachment attachment) {
    return EffectiveHostnames.of(route, attachment).stream().map(n -> n.hostname().value()).distinct().toList();
  }

  private static RouteSpec route(Row row) {
    return RouteSpec.of(parse(yaml(row))).orElseThrow();
  }

  private static String yaml(Row row) {
    String version = row.kind().equals("TCPRoute") || row.kind().equals("UDPRoute") ? "v1alpha2" : "v1";
    String annotations = row.annotations().isEmpty() ? "{}"
        : row.annotations().startsWith("{") ? row.annotations() : "{" + row.annotations() + "}";
    return "apiVersion: gateway.networking.k8s.io/" + version + "\nkind: " + row.kind()
        + "\nmetadata: {name: r, namespace: " + row.namespace() + ", annotations: " + annotations + "}\nspec: "
        + row.spec() + "\n";
  }

  static HasMetadata parse(String yaml) {
    try {
      return KubernetesObjects.fromTree(YamlDocuments.parse(yaml).getFirst().tree());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A view over fixed objects, as the informer caches would hold them. */
  static GatewayView view(List<String> objects, Map<String, Map<String, String>> namespaces) {
    Map<String, Gateway> gateways = new HashMap<>();
    Map<String, ListenerSet> sets = new HashMap<>();
    for (String yaml : objects) {
      switch (parse(yaml)) {
        case Gateway g -> gateways.put(g.getMetadata().getNamespace() + "/" + g.getMetadata().getName(), g);
        case ListenerSet s -> sets.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
        default -> throw new IllegalArgumentException(yaml);
      }
    }
    return new GatewayView() {
      @Override
      public Optional<Gateway> gateway(String namespace, String name) {
        return Optional.ofNullable(gateways.get(namespace + "/" + name));
      }

      @Override
      public Optional<ListenerSet> listenerSet(String namespace, String name) {
        return Optional.ofNullable(sets.get(namespace + "/" + name));
      }

      @Override
      public Optional<Map<String, String>> namespaceLabels(String namespace) {
        return Optional.ofNullable(namespaces.get(namespace));
      }
    };
  }
}
