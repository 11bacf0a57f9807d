package io.openova.dnsguard.policies.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.policy.YamlDocuments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * The reader must give {@link ClaimExtractor} everything it reads: the record read from the token
 * stream equals the one the fabric8 adapter makes of the whole bound object, and so do their claims.
 */
class ClaimFieldsReaderTest {

  @ParameterizedTest
  @ValueSource(strings = {
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata:
        name: r
        namespace: n
        uid: u-1
        creationTimestamp: "2026-01-01T00:00:00Z"
        labels: {app: shop}
        managedFields: [{manager: kubectl, fieldsV1: {f:spec: {f:hostnames: {}}}}]
        annotations:
          external-dns.alpha.kubernetes.io/hostname: "extra.example.com, Other.Example.com."
          external-dns.alpha.kubernetes.io/ttl: 5m
          kubectl.kubernetes.io/last-applied-configuration: '{"spec":{"hostnames":["x.example.com"]}}'
      spec:
        parentRefs: [{name: gw, namespace: infra}]
        hostnames: [shop.example.com, "*.shop.example.com", bad_name..example.com]
        rules: [{matches: [{path: {type: PathPrefix, value: /}}], backendRefs: [{name: svc, port: 80}]}]
      status: {parents: []}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: GRPCRoute
      metadata: {name: g}
      spec: {hostnames: [grpc.example.com], rules: [{backendRefs: [{name: svc, port: 9000}]}]}
      """,
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: i, namespace: n}
      spec:
        ingressClassName: nginx
        rules:
          - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}
          - host: a.example.com
            http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}
          - host: "not a host"
        tls: [{hosts: [a.example.com, b.example.com], secretName: tls}]
      """,
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: s
        namespace: n
        annotations:
          external-dns.alpha.kubernetes.io/hostname: s.example.com
          external-dns.alpha.kubernetes.io/target: "192.0.2.1, nope!"
          external-dns.alpha.kubernetes.io/ttl: forever
      spec: {type: LoadBalancer, ports: [{port: 80}], selector: {app: s}}
      status: {loadBalancer: {ingress: [{ip: 192.0.2.9}]}}
      """,
      """
      apiVersion: externaldns.k8s.io/v1alpha1
      kind: DNSEndpoint
      metadata: {name: e, namespace: n}
      spec:
        endpoints:
          - {dnsName: a.example.com, recordType: CNAME, targets: [lb.example.net], recordTTL: 60}
          - {dnsName: b.example.com, recordType: A, targets: [lb.example.net]}
          - {dnsName: c.example.com, recordTTL: -5, targets: [192.0.2.1]}
          - {recordType: A}
      """,
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: i, creationTimestamp: yesterday}
      spec: {rules: [{host: a.example.com}]}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: r}
      spec: {hostnames: 5}
      """,
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: i}
      spec: {rules: {host: a.example.com}}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {namespace: n}
      spec: {hostnames: [a.example.com]}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: r, namespace: team-b}
      spec: {parentRefs: [{name: shared, namespace: infra, sectionName: https-wild}, {name: own, sectionName: web}]}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: TLSRoute
      metadata: {name: t, namespace: team-a}
      spec: {hostnames: ["*.example.com"], parentRefs: [{name: shared, namespace: infra, port: 443}], rules: [{backendRefs: [{name: b, port: 1}]}]}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1alpha2
      kind: TCPRoute
      metadata: {name: t, namespace: team-a, annotations: {external-dns.kubernetes.io/hostname: db.example.com}}
      spec: {parentRefs: [{name: shared, namespace: infra, sectionName: tcp}], rules: [{backendRefs: [{name: b, port: 1}]}]}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: UDPRoute
      metadata: {name: u, namespace: team-a}
      spec: {parentRefs: [{name: shared, namespace: infra, sectionName: udp}]}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: r, namespace: team-c}
      spec: {parentRefs: [{kind: ListenerSet, name: ls}]}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: r, namespace: team-c}
      spec: {parentRefs: {kind: ListenerSet, name: ls}}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: g, namespace: infra, annotations: {a: b}}
      spec:
        gatewayClassName: c
        allowedListeners: {namespaces: {from: Selector, selector: {matchLabels: {x: y}}}}
        listeners:
          - {name: l, protocol: HTTPS, port: 443, hostname: "*.example.com", tls: {certificateRefs: [{name: c}]},
             allowedRoutes: {namespaces: {from: All}, kinds: [{kind: HTTPRoute}]}}
      status: {addresses: [{type: IPAddress, value: 192.0.2.1}]}
      """,
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: ListenerSet
      metadata: {name: s, namespace: team-c}
      spec:
        parentRef: {name: shared, namespace: infra}
        listeners: [{name: l, protocol: HTTP, port: 80, hostname: s.example.com}]
      """,
      "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {spec: x}}"})
  void streamed_sameOutcomeAsWhole(String yaml) throws Exception {
    JsonNode tree = YamlDocuments.parse(yaml).getFirst().tree();
    assertThat(outcomeStreamed(tree)).isEqualTo(outcomeWhole(tree));
  }

  @org.junit.jupiter.api.Test
  void streamed_gatewayAndRoute_keepWhatAttachmentReads() throws Exception {
    JsonNode gateway = YamlDocuments.parse("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: g, namespace: infra}
        spec: {listeners: [{name: l, protocol: HTTP, port: 80, hostname: a.example.com, allowedRoutes: {namespaces: {from: All}}}]}
        """).getFirst().tree();
    assertThat(outcomeStreamed(gateway)).contains("a.example.com").contains("All").isNotEqualTo("rejected");
    JsonNode route = YamlDocuments.parse("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: r, namespace: team-b}
        spec: {parentRefs: [{name: own, sectionName: web}]}
        """).getFirst().tree();
    assertThat(outcomeStreamed(route)).contains("shop.example.com");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{apiVersion: gateway.networking.k8s.io/v1, kind: HTTPRoute, metadata: {name: r}, spec: {hostnames: 5}}"
          + " | spec.hostnames must be a list, not a number",
      "{apiVersion: gateway.networking.k8s.io/v1, kind: HTTPRoute, metadata: {name: r}, spec: {hostnames: [a.example.com, null]}}"
          + " | spec.hostnames[1] must be a string, not null",
      "{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: i}, spec: {rules: [{}, {host: [a]}]}}"
          + " | spec.rules[1].host must be a string, not a list",
      "{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: i}, spec: {tls: [{hosts: {a: b}}]}}"
          + " | spec.tls[0].hosts must be a list, not an object",
      "{apiVersion: v1, kind: Service, metadata: {name: s, annotations: {a: {b: c}}}}"
          + " | metadata.annotations[a] must be a string, not an object",
      "{apiVersion: v1, kind: Service, metadata: [s]} | metadata must be an object, not a list",
      "{kind: Service, metadata: {name: s}} | object has no apiVersion/kind"})
  void unreadable_namesTheField_andLeavesTheParserAfterTheObject(String yaml, String message) throws Exception {
    byte[] json = KubernetesObjects.mapper().writeValueAsBytes(YamlDocuments.parse(yaml).getFirst().tree());
    byte[] document = ("{\"object\": " + new String(json, java.nio.charset.StandardCharsets.UTF_8) + ", \"after\": 1}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (JsonParser p = KubernetesObjects.mapper().createParser(document)) {
      p.nextToken();
      p.nextToken();
      p.nextToken();
      assertThatThrownBy(() -> ClaimFieldsReader.read(p)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
      assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
      assertThat(p.nextToken()).isEqualTo(JsonToken.PROPERTY_NAME);
      assertThat(p.currentName()).isEqualTo("after");
    }
  }

  @Property(tries = 300)
  void streamed_randomObjects_sameOutcomeAsWhole(@ForAll("objects") Map<String, Object> object) {
    JsonNode tree = KubernetesObjects.mapper().valueToTree(object);
    assertThat(outcomeStreamed(tree)).isEqualTo(outcomeWhole(tree));
  }

  @Property(tries = 300)
  void streamed_randomObjects_sameRecordAsTheAdapter(@ForAll("objects") Map<String, Object> object) throws Exception {
    JsonNode tree = KubernetesObjects.mapper().valueToTree(object);
    SourceObject whole = SourceObject.of(KubernetesObjects.fromTree(tree)).orElseThrow();
    assertThat(streamed(tree)).isEqualTo(new ClaimFieldsReader.Read.Source(whole, true));
  }

  @Property(tries = 300)
  void manifest_randomObjects_readBackAsTheSameRecord(@ForAll("objects") Map<String, Object> object) throws Exception {
    SourceObject source = SourceObject.of(KubernetesObjects.fromTree(KubernetesObjects.mapper().valueToTree(object)))
        .orElseThrow();
    assertThat(streamed(SourceManifest.of(source))).isEqualTo(new ClaimFieldsReader.Read.Source(source, true));
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    Arbitrary<String> host = Arbitraries.of("a.example.com", "A.Example.COM.", "*.w.example.com", "_srv.example.com",
        "bücher.example.com", "bad..example.com", "", "x".repeat(64) + ".example.com", "a.example.com,b.example.com");
    Arbitrary<List<String>> hosts = host.list().ofMaxSize(3);
    Arbitrary<Map<String, String>> annotations = Arbitraries.maps(
        Arbitraries.of("external-dns.alpha.kubernetes.io/hostname", "external-dns.alpha.kubernetes.io/internal-hostname",
            "external-dns.alpha.kubernetes.io/target", "external-dns.alpha.kubernetes.io/ttl", "team/owner"),
        Arbitraries.of("a.example.com", "192.0.2.1", "300", "5m", "lb.example.net, 2001:db8::1", "bad value")).ofMaxSize(4);
    Arbitrary<Object> rule = Combinators.combine(host.injectNull(0.3), Arbitraries.of(true, false)).as((h, http) -> {
      Map<String, Object> r = new LinkedHashMap<>();
      if (http) {
        r.put("http", Map.of("paths", List.of(Map.of("path", "/", "pathType", "Prefix"))));
      }
      if (h != null) {
        r.put("host", h);
      }
      return r;
    });
    Arbitrary<Object> endpoint = Combinators.combine(host, Arbitraries.of("A", "CNAME", "TXT", "AAAA"),
        Arbitraries.of("192.0.2.1", "lb.example.net", "2001:db8::1", "\"text\""), Arbitraries.integers().between(-1, 600))
        .as((h, type, target, ttl) -> Map.of("dnsName", h, "recordType", type, "targets", List.of(target), "recordTTL", ttl));
    Arbitrary<Map<String, Object>> ingressSpec = Combinators.combine(rule.list().ofMaxSize(4), hosts)
        .as((rules, tlsHosts) -> Map.of("rules", rules, "tls", List.of(Map.of("hosts", tlsHosts, "secretName", "s"))));
    Arbitrary<Object> parentRef = Arbitraries.of(Map.of("name", "gw"), Map.of("name", "shared", "namespace", "infra",
        "sectionName", "https-wild"), Map.of("name", "own", "port", 443), Map.of("kind", "ListenerSet", "name", "ls"),
        Map.of("name", "gw", "port", "443"), Map.of("name", "gw", "unknownField", List.of(1)));
    Arbitrary<Map<String, Object>> routeSpec = Combinators.combine(hosts, parentRef.list().ofMaxSize(2))
        .as((h, refs) -> Map.of("hostnames", h, "parentRefs", refs,
            "rules", List.of(Map.of("backendRefs", List.of(Map.of("name", "svc", "port", 80))))));
    Arbitrary<Object> status = parentRef.list().ofMaxSize(2).map(refs -> Map.of("parents", refs.stream()
        .map(ref -> Map.of("parentRef", ref, "controllerName", "example.com/gateway",
            "conditions", List.of(Map.of("type", "Accepted", "status", "True", "reason", "Accepted",
                "lastTransitionTime", "2026-01-01T00:00:00Z", "message", "")))).toList()));
    Arbitrary<Map<String, Object>> endpointSpec = endpoint.list().ofMaxSize(3).map(e -> Map.of("endpoints", e));
    Arbitrary<String[]> kind = Arbitraries.of(
        new String[] {"gateway.networking.k8s.io/v1", "HTTPRoute"}, new String[] {"gateway.networking.k8s.io/v1", "GRPCRoute"},
        new String[] {"networking.k8s.io/v1", "Ingress"}, new String[] {"v1", "Service"},
        new String[] {"externaldns.k8s.io/v1alpha1", "DNSEndpoint"});
    return Combinators.combine(kind, annotations, routeSpec, ingressSpec, endpointSpec, status.injectNull(0.5),
            Arbitraries.of(true, false))
        .as((k, a, route, ingress, endpoints, routeStatus, created) -> {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("apiVersion", k[0]);
      object.put("kind", k[1]);
      Map<String, Object> metadata = new LinkedHashMap<>(
          Map.of("name", "o", "namespace", "n", "annotations", a, "labels", Map.of("app", "x")));
      if (created) {
        metadata.put("uid", "u-1");
        metadata.put("creationTimestamp", "2026-01-01T00:00:00Z");
      }
      object.put("metadata", metadata);
      object.put("spec", switch (k[1]) {
        case "Ingress" -> ingress;
        case "DNSEndpoint" -> endpoints;
        case "Service" -> Map.of("type", "LoadBalancer", "ports", List.of(Map.of("port", 80)));
        default -> route;
      });
      if (routeStatus != null && k[1].endsWith("Route")) {
        object.put("status", routeStatus);
      }
      return object;
    });
  }

  private static String outcomeWhole(JsonNode tree) {
    return outcome(() -> {
      io.fabric8.kubernetes.api.model.HasMetadata object = KubernetesObjects.fromTree(tree);
      return SourceObject.of(object).<ClaimFieldsReader.Read>map(source -> new ClaimFieldsReader.Read.Source(source, true))
          .orElseGet(() -> KubernetesObjects.isGatewayOrListenerSet(object.getApiVersion(), object.getKind())
              ? new ClaimFieldsReader.Read.Parent(object)
              : new ClaimFieldsReader.Read.Other(object.getApiVersion(), object.getKind()));
    });
  }

  private static String outcomeStreamed(JsonNode tree) {
    return outcome(() -> streamed(tree));
  }

  private static ClaimFieldsReader.Read streamed(JsonNode tree) {
    try (JsonParser p = KubernetesObjects.mapper().createParser(KubernetesObjects.mapper().writeValueAsBytes(tree))) {
      p.nextToken();
      return ClaimFieldsReader.read(p);
    }
  }

  /**
   * The record and its claims and problems, or "rejected" when the object cannot be read (the
   * messages differ by design). The namespace is taken as written: both paths default it alike.
   */
  private static String outcome(java.util.function.Supplier<ClaimFieldsReader.Read> read) {
    try {
      return switch (read.get()) {
        case ClaimFieldsReader.Read.Source source -> source.object() + " → "
            + ClaimExtractor.extract(source.object(), Attachment.spec(EffectiveHostnamesTest.VIEW));
        // Gateways claim nothing: what routes read of them must come through whole.
        case ClaimFieldsReader.Read.Parent(io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway g) ->
            KubernetesObjects.mapper().writeValueAsString(g.getSpec().getListeners())
                + KubernetesObjects.mapper().writeValueAsString(g.getSpec().getAllowedListeners());
        case ClaimFieldsReader.Read.Parent(io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet set) ->
            KubernetesObjects.mapper().writeValueAsString(set.getSpec());
        case ClaimFieldsReader.Read.Parent parent -> "parent " + parent.model().getKind();
        case ClaimFieldsReader.Read.Other other -> "claims nothing: " + other.kind();
      };
    } catch (IllegalArgumentException e) {
      return "rejected";
    }
  }
}
