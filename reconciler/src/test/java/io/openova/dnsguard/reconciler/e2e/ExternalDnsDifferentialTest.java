package io.openova.dnsguard.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.reconciler.loop.Decisions;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.testbench.ExternalDnsProcess;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same objects published by the real external-dns v0.21.0 ({@code --once}, gateway-httproute,
 * -grpcroute, -tlsroute, -tcproute, -udproute, service, ingress and crd sources, TXT registry, the
 * same owner and prefix) into one PowerDNS and by dnsguard's reconciler into another: the names and
 * targets (and TTLs) must be equal, except the names dnsguard refuses, each listed with the refusal.
 *
 * <p>Where v0.22+ behaves differently it is not run here (v0.22 and v0.23 do not build from the Go
 * module proxy): v0.22 reads only {@code external-dns.kubernetes.io/} annotations and TLSRoute v1, so
 * the objects use the prefix v0.21 reads and TLSRoutes are read by it as v1alpha2 (the same objects).
 * A route's own {@code target} annotation (a dnsguard extension external-dns's gateway sources ignore)
 * is not used. The external-dns run is started by this test ({@link #runExternalDns}).
 */
@RealKubeApiServer
@RealPowerDns
class ExternalDnsDifferentialTest {
  private static final String ZONE = "diff.test";
  private static final String OWNER = "diff-owner";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Marks the objects created a second after the others, that try to take their names. */
  private static final String TAKER = "taker: \"yes\"";

  @Test
  void sameObjects_externalDnsAndDnsguard_publishTheSameNamesExceptRefusals(
      KubernetesClient client, KubeApiServer kube, PowerDnsServer guardDns, @TempDir Path dir) throws Exception {
    for (String ns : List.of("d-a", "d-b", "d-c", "d-infra")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
          .addToLabels("team", ns.equals("d-a") ? "shop" : ns).endMetadata().build()).create();
    }
    int objects = 0;
    List<String> fixture = fixture();
    for (String yaml : fixture) {
      if (yaml.contains(TAKER)) {
        continue;
      }
      apply(client, yaml);
      objects++;
    }
    Thread.sleep(1100); // creationTimestamp has one-second resolution: the takers are strictly younger
    for (String yaml : fixture) {
      if (yaml.contains(TAKER)) {
        apply(client, yaml);
        objects++;
      }
    }
    assertThat(objects).as("objects in the differential").isGreaterThanOrEqualTo(50);

    guardDns.createZone(ZONE);
    try (PowerDnsServer peerDns = PowerDnsServer.start(dir.resolve("peer-pdns"), PowerDnsServer.Options.recommended());
        InProcessReconciler sync = new InProcessReconciler(client,
            InProcessReconciler.policyWithTxtWildcard(OWNER, ZONE, "d-a", "d-b", "d-c", "d-infra"), Dns.provider(guardDns),
            DomainFilter.of(List.of(ZONE)), SyncMode.SYNC, Duration.ofMillis(300), List.of())) {
      peerDns.createZone(ZONE);
      runExternalDns(kube, peerDns, dir);

      // Every object was written before the reconciler started; one more change makes sure a sync ran on all of them.
      Await.until(Duration.ofSeconds(60), "a first sync", () -> sync.syncs.get() >= 1);
      int before = sync.syncs.get();
      client.namespaces().withName("d-c").edit(ns -> {
        ns.getMetadata().getLabels().put("differential", "done");
        return ns;
      });
      Await.until(Duration.ofSeconds(60), "a sync after the last change", () -> sync.syncs.get() > before);
      Map<String, String> guard = records(guardDns);
      Map<String, String> peer = records(peerDns);
      SyncReport report = sync.reports.getLast();
      Map<String, String> refusals = refusals(report.decisions(), Attachment.accepted(sync.informers.gatewayView()));

      List<String> explained = new ArrayList<>();
      List<String> unexplained = new ArrayList<>();
      TreeSet<String> keys = new TreeSet<>(guard.keySet());
      keys.addAll(peer.keySet());
      for (String key : keys) {
        String ours = guard.getOrDefault(key, "(none)");
        String theirs = peer.getOrDefault(key, "(none)");
        if (ours.equals(theirs)) {
          continue;
        }
        String name = key.substring(0, key.indexOf(' '));
        String line = key + ": external-dns " + theirs + ", dnsguard " + ours;
        if (refusals.containsKey(name)) {
          explained.add(line + " — refused: " + refusals.get(name));
        } else {
          unexplained.add(line);
        }
      }
      List<String> refused = refusals.entrySet().stream().filter(e -> e.getKey().endsWith("." + ZONE))
          .map(e -> e.getKey() + " — " + e.getValue()).toList();
      String summary = "external-dns v0.21.0 vs dnsguard on " + objects + " objects: " + peer.size()
          + " record sets published by external-dns, " + guard.size() + " by dnsguard; " + explained.size()
          + " differ, each by a refusal; " + unexplained.size() + " unexplained differences\n"
          + String.join("\n", explained)
          + "\nnames dnsguard refuses (" + refused.size() + "; where external-dns publishes the same records for them the"
          + " refused object's targets equal the owner's, or external-dns kept one owner's too):\n" + String.join("\n", refused)
          + (unexplained.isEmpty() ? "" : "\nUNEXPLAINED:\n" + String.join("\n", unexplained));
      System.out.println(summary);
      Files.writeString(Path.of("target", "external-dns-differential.txt"), summary + "\n");
      assertThat(peer).as("external-dns published nothing: see its log in " + dir).isNotEmpty();
      assertThat(unexplained).as(summary).isEmpty();
      assertThat(refused).as("the refusals this fixture is built to show").hasSizeGreaterThanOrEqualTo(5);
    }
  }

  /** external-dns {@code --once} on the test's API server into {@code pdns}; fails with its log when it fails. */
  private static void runExternalDns(KubeApiServer kube, PowerDnsServer pdns, Path dir) {
    Path kubeconfig = ExternalDnsProcess.writeKubeconfig(dir, kube.kubeconfig());
    List<String> args = new ArrayList<>(List.of("--once",
        "--kubeconfig=" + kubeconfig, "--provider=pdns", "--pdns-server=" + pdns.apiUrl(),
        "--registry=txt", "--txt-owner-id=" + OWNER, "--txt-prefix=_externaldns.", "--domain-filter=" + ZONE,
        "--policy=sync", "--txt-wildcard-replacement=wildcard", "--gateway-listener-sets", "--log-level=debug"));
    for (String source : List.of("gateway-httproute", "gateway-grpcroute", "gateway-tlsroute", "gateway-tcproute",
        "gateway-udproute", "service", "ingress", "crd")) {
      args.add("--source=" + source);
    }
    // The API key in the environment, not on the command line.
    try (ExternalDnsProcess once = ExternalDnsProcess.start(dir, args, Map.of("EXTERNAL_DNS_PDNS_API_KEY", pdns.apiKey()))) {
      assertThat(once.awaitExit(Duration.ofMinutes(5))).as("external-dns exit code; log:\n%s", once.tail(40)).isZero();
    }
  }

  /** "name TYPE" → "ttl [sorted targets]" for A, AAAA and CNAME record sets of the zone. */
  private static Map<String, String> records(PowerDnsServer pdns) {
    var response = pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null);
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> records = new TreeMap<>();
    for (JsonNode rrset : JSON.readTree(response.body()).path("rrsets")) {
      String type = rrset.path("type").asString();
      if (!List.of("A", "AAAA", "CNAME").contains(type)) {
        continue;
      }
      TreeSet<String> targets = new TreeSet<>();
      rrset.path("records").forEach(r -> targets.add(r.path("content").asString().replaceFirst("\\.$", "")));
      records.put(rrset.path("name").asString().replaceFirst("\\.$", "") + " " + type,
          rrset.path("ttl").asLong() + " " + targets);
    }
    return records;
  }

  /** Each name of each object dnsguard refuses (its effective hostnames), with the refusal. */
  private static Map<String, String> refusals(Decisions decisions, Attachment attachment) {
    Map<String, String> refused = new TreeMap<>();
    for (Decisions.Denied denied : decisions.denied()) {
      List<Claim> claims = SourceObject.of(denied.object())
          .map(source -> ClaimExtractor.extract(source, attachment).claims()).orElse(List.of());
      for (Claim claim : claims) {
        refused.merge(claim.hostname().value(), denied.ref().display() + ": " + denied.deny().message(),
            (a, b) -> a + "; " + b);
      }
    }
    return refused;
  }

  // --- the objects -----------------------------------------------------------------------------

  private static String accepted(boolean accepted) {
    return "{type: Accepted, status: \"" + (accepted ? "True" : "False") + "\", reason: " + (accepted ? "Accepted" : "NotAllowedByListeners")
        + ", message: \"\", lastTransitionTime: \"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}";
  }

  private static String route(String kind, String namespace, String name, String hostnames, String parentRefs,
      String annotations, boolean accepted) {
    String version = kind.equals("TCPRoute") || kind.equals("UDPRoute") ? "v1alpha2" : "v1";
    String rules = kind.equals("HTTPRoute") || kind.equals("GRPCRoute") ? "" : ", rules: [{backendRefs: [{name: b, port: 80}]}]";
    StringBuilder parents = new StringBuilder();
    // A flow sequence would be read as JSON: wrapped in a YAML map it is read as YAML.
    for (Object ref : (List<?>) Serialization.unmarshal("refs: " + parentRefs, Map.class).get("refs")) {
      parents.append("    - {parentRef: ").append(Serialization.asJson(ref))
          .append(", controllerName: example.com/gw, conditions: [").append(accepted(accepted)).append("]}\n");
    }
    return "apiVersion: gateway.networking.k8s.io/" + version + "\nkind: " + kind + "\nmetadata: {name: " + name
        + ", namespace: " + namespace + ", annotations: {" + annotations + "}}\nspec: {parentRefs: " + parentRefs
        + (hostnames.isEmpty() ? "" : ", hostnames: " + hostnames) + rules + "}\nstatus:\n  parents:\n" + parents;
  }

  private static String route(String kind, String namespace, String name, String hostnames, String parentRefs) {
    return route(kind, namespace, name, hostnames, parentRefs, "", true);
  }

  private static List<String> fixture() {
    List<String> objects = new ArrayList<>();
    objects.add("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: shared, namespace: d-infra}
        spec:
          gatewayClassName: c
          allowedListeners: {namespaces: {from: All}}
          listeners:
            - {name: web, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
            - {name: wild, protocol: HTTPS, port: 443, hostname: "*.wild.diff.test", allowedRoutes: {namespaces: {from: All}},
               tls: {certificateRefs: [{name: cert}]}}
            - {name: sel, protocol: HTTP, port: 8081, hostname: sel.diff.test,
               allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: shop}}}}}
            - {name: same, protocol: HTTP, port: 8082, hostname: same.diff.test}
            - {name: tls, protocol: TLS, port: 8443, hostname: tls.diff.test, allowedRoutes: {namespaces: {from: All}},
               tls: {mode: Passthrough}}
            - {name: tcp, protocol: TCP, port: 5432, allowedRoutes: {namespaces: {from: All}}}
            - {name: udp, protocol: UDP, port: 53, allowedRoutes: {namespaces: {from: All}}}
            - {name: grpc, protocol: HTTP, port: 9000, hostname: grpc-l.diff.test,
               allowedRoutes: {namespaces: {from: All}, kinds: [{kind: GRPCRoute}]}}
        status: {addresses: [{type: IPAddress, value: 192.0.2.50}]}
        """);
    objects.add("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: own, namespace: d-b}
        spec:
          gatewayClassName: c
          listeners:
            - {name: shop, protocol: HTTP, port: 80, hostname: shop.diff.test}
            - {name: api, protocol: HTTP, port: 8080, hostname: api-b.diff.test}
            - {name: any, protocol: HTTP, port: 8081}
        status: {addresses: [{type: IPAddress, value: 192.0.2.51}]}
        """);
    objects.add("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: cgw, namespace: d-c, annotations: {external-dns.alpha.kubernetes.io/target: 192.0.2.99}}
        spec:
          gatewayClassName: c
          listeners: [{name: web, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}]
        status: {addresses: [{type: IPAddress, value: 192.0.2.52}]}
        """);
    objects.add("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: ListenerSet
        metadata: {name: ls, namespace: d-c}
        spec:
          parentRef: {name: shared, namespace: d-infra}
          listeners: [{name: set, protocol: HTTP, port: 9100, hostname: set.diff.test}]
        status:
          conditions: [%s]
          listeners: [{name: set, attachedRoutes: 1, supportedKinds: [{kind: HTTPRoute}], conditions: [%s]}]
        """.formatted(accepted(true), accepted(true)));
    String shared = "{name: shared, namespace: d-infra";
    objects.add(route("HTTPRoute", "d-a", "shop", "[shop.diff.test]", "[" + shared + ", sectionName: web}]"));
    objects.add(route("HTTPRoute", "d-b", "storefront", "", "[{name: own, sectionName: shop}]", TAKER, true));
    objects.add(route("HTTPRoute", "d-b", "api", "", "[{name: own, sectionName: api}]"));
    objects.add(route("HTTPRoute", "d-b", "port", "[port.diff.test]", "[{name: own, port: 8081}]"));
    objects.add(route("HTTPRoute", "d-a", "wild", "", "[" + shared + ", sectionName: wild}]"));
    objects.add(route("HTTPRoute", "d-a", "narrow", "[n1.wild.diff.test, outside.diff.test]", "[" + shared + ", sectionName: wild}]"));
    objects.add(route("HTTPRoute", "d-a", "narrow-wild", "[\"*.diff.test\"]", "[" + shared + ", sectionName: sel}]"));
    objects.add(route("HTTPRoute", "d-b", "not-selected", "", "[" + shared + ", sectionName: sel}]"));
    objects.add(route("HTTPRoute", "d-c", "not-same", "", "[" + shared + ", sectionName: same}]"));
    objects.add(route("HTTPRoute", "d-infra", "same", "", "[{name: shared, sectionName: same}]"));
    objects.add(route("HTTPRoute", "d-c", "via-set", "", "[{kind: ListenerSet, name: ls}]"));
    objects.add(route("HTTPRoute", "d-a", "annotated", "[ann.diff.test]", "[" + shared + ", sectionName: web}]",
        "external-dns.alpha.kubernetes.io/hostname: \"ann2.diff.test, ann3.diff.test\"", true));
    objects.add(route("HTTPRoute", "d-a", "not-accepted", "[na.diff.test]", "[" + shared + ", sectionName: web}]", "", false));
    objects.add(route("HTTPRoute", "d-c", "c", "[c.diff.test]", "[{name: cgw}]"));
    objects.add(route("HTTPRoute", "d-a", "multi", "[multi.diff.test]", "[" + shared + ", sectionName: web}, {name: cgw, namespace: d-c}]"));
    objects.add(route("HTTPRoute", "d-a", "ttl", "[ttl.diff.test]", "[" + shared + ", sectionName: web}]",
        "external-dns.alpha.kubernetes.io/ttl: \"120\"", true));
    objects.add(route("HTTPRoute", "d-b", "taker", "[ann2.diff.test]", "[" + shared + ", sectionName: web}]", TAKER, true));
    objects.add(route("GRPCRoute", "d-a", "rpc", "[rpc.diff.test]", "[" + shared + ", sectionName: web}]"));
    objects.add(route("HTTPRoute", "d-c", "rpc-taker", "[rpc.diff.test]", "[{name: cgw}]", TAKER, true));
    objects.add(route("GRPCRoute", "d-a", "rpc-listener", "", "[" + shared + ", sectionName: grpc}]"));
    objects.add(route("HTTPRoute", "d-a", "grpc-refused", "[grpc-l.diff.test]", "[" + shared + ", sectionName: grpc}]"));
    objects.add(route("GRPCRoute", "d-a", "mixed", "[shop.diff.test]", "[" + shared + ", sectionName: web}]", TAKER, true));
    objects.add(route("TLSRoute", "d-a", "tls", "[tls.diff.test]", "[" + shared + "}]"));
    objects.add(route("TLSRoute", "d-b", "tls-wild", "[\"*.diff.test\"]", "[" + shared + ", sectionName: tls}]", TAKER, true));
    objects.add(route("TCPRoute", "d-a", "db", "", "[" + shared + ", sectionName: tcp}]",
        "external-dns.alpha.kubernetes.io/hostname: db.diff.test", true));
    objects.add(route("TCPRoute", "d-a", "db-plain", "", "[" + shared + ", sectionName: tcp}]"));
    objects.add(route("UDPRoute", "d-a", "dns", "", "[" + shared + ", sectionName: udp}]",
        "external-dns.alpha.kubernetes.io/hostname: udp.diff.test", true));
    objects.add(route("UDPRoute", "d-b", "dns-taker", "", "[" + shared + ", sectionName: udp}]",
        "external-dns.alpha.kubernetes.io/hostname: udp.diff.test, " + TAKER, true));
    objects.add(route("UDPRoute", "d-a", "dns-plain", "", "[" + shared + ", sectionName: udp}]"));
    for (int i = 0; i < 10; i++) {
      objects.add(service("d-a", "svc-" + i, "svc-" + i + ".diff.test" + (i == 3 ? ",svc-3b.diff.test" : ""), "192.0.2." + (10 + i)));
    }
    objects.add(service("d-b", "svc-0", "svc-0.diff.test", "192.0.2.29").replace("annotations: {", "annotations: {" + TAKER + ", "));
    for (int i = 0; i < 6; i++) {
      objects.add("""
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata: {name: ing-%d, namespace: d-c}
          spec: {rules: [{host: ing-%d.diff.test}]%s}
          status: {loadBalancer: {ingress: [{ip: 192.0.2.%d}]}}
          """.formatted(i, i, i == 0 ? ", tls: [{hosts: [ing-tls.diff.test]}]" : "", 30 + i));
    }
    for (int i = 0; i < 5; i++) {
      objects.add("""
          apiVersion: externaldns.k8s.io/v1alpha1
          kind: DNSEndpoint
          metadata: {name: ep-%d, namespace: d-c}
          spec: {endpoints: [{dnsName: ep-%d.diff.test, recordType: %s, recordTTL: 60, targets: [%s]}]}
          """.formatted(i, i, i == 4 ? "CNAME" : "A", i == 4 ? "lb.example.net" : "192.0.2." + (60 + i)));
    }
    return objects;
  }

  private static String service(String namespace, String name, String hostnames, String ip) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: %s, annotations: {external-dns.alpha.kubernetes.io/hostname: "%s"}}
        spec: {type: LoadBalancer, ports: [{port: 80}]}
        status: {loadBalancer: {ingress: [{ip: %s}]}}
        """.formatted(name, namespace, hostnames, ip);
  }

  /** Creates the object, then writes the status it was given (as its controller would). */
  @SuppressWarnings("unchecked")
  private static void apply(KubernetesClient client, String yaml) {
    GenericKubernetesResource object = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    Object status = object.getAdditionalProperties().remove("status");
    GenericKubernetesResource created = client.resource(object).create();
    if (status != null) {
      created.getAdditionalProperties().put("status", (Map<String, Object>) status);
      client.resource(created).updateStatus();
    }
  }
}
