package io.openova.dnsguard.reconciler.webhookprovider;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.helidon.webserver.WebServer;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.testbench.ExternalDnsProcess;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real external-dns v0.21.0 binary, {@code --provider=webhook}, against dnsguard's webhook
 * provider against a real PowerDNS, with a real kube-apiserver as its source (DNSEndpoint objects).
 * Beside it the same external-dns writes straight to a second PowerDNS with its own pdns provider:
 * both zones must end up the same, TXT registry records included.
 */
@RealKubeApiServer
@RealPowerDns
class ExternalDnsThroughProviderTest {
  static final String ZONE = "fleet.example";
  static final String REGIONS = "regions.example";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration ONCE = Duration.ofSeconds(90);

  static PowerDnsServer pdns;
  static PowerDnsServer direct;
  static KubernetesClient client;
  static Path kubeconfig;
  static Path dir;
  static WebServer server;
  static ProviderMetrics metrics = new ProviderMetrics();

  @BeforeAll
  static void start(PowerDnsServer powerDns, KubeApiServer kube, @TempDir Path tmp) throws Exception {
    pdns = powerDns;
    dir = tmp;
    direct = PowerDnsServer.start(PowerDnsServer.Options.recommended());
    pdns.createZone(ZONE);
    pdns.createZone(REGIONS);
    direct.createZone(ZONE);
    client = kube.client();
    kube.installCrds(List.of(kube.testbin().externalDnsCrd()));
    for (String ns : List.of("site", "region-1", "region-2")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
    kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kube.kubeconfig());
    DnsPolicy policy = PolicyLoader.load(Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: fleet}
        spec:
          ownerId: dnsguard
          txtPrefix: "_externaldns."
          unmanagedDomains: deny
          domains:
            - {suffix: %s, namespaces: [site]}
            - {suffix: %s, namespaces: [region-1, region-2]}
        """.formatted(ZONE, REGIONS)));
    var provider = PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())));
    server = WebServer.builder().host("127.0.0.1").port(0).maxPayloadSize(ProviderServer.MAX_BODY_BYTES)
        .routing(new ProviderRoutes(provider, () -> policy, null, metrics)::register).build().start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
    if (direct != null) {
      direct.close();
    }
  }

  // --- 1. creates, updates and deletes converge; the TXT records are external-dns's own ---

  @Test
  void externalDns_throughDnsguard_writesWhatItWritesStraightToPowerDns() {
    apply("site", "app", Map.of(
        "web." + ZONE, List.of("A", "192.0.2.1"),
        "v6." + ZONE, List.of("AAAA", "2001:db8::1"),
        "alias." + ZONE, List.of("CNAME", "web." + ZONE)));
    syncBoth();
    Map<String, String> written = zone(pdns, ZONE);
    assertThat(written).containsKeys("web." + ZONE + ". A", "v6." + ZONE + ". AAAA", "alias." + ZONE + ". CNAME",
        "_externaldns.a-web." + ZONE + ". TXT", "_externaldns.aaaa-v6." + ZONE + ". TXT",
        "_externaldns.cname-alias." + ZONE + ". TXT");
    assertThat(written.get("_externaldns.a-web." + ZONE + ". TXT"))
        .isEqualTo("300 [\"heritage=external-dns,external-dns/owner=site,external-dns/resource=crd/site/app\"]");
    assertThat(written).isEqualTo(zone(direct, ZONE));

    // update: new targets, a CNAME pointed elsewhere, a new name
    apply("site", "app", Map.of(
        "web." + ZONE, List.of("A", "192.0.2.2"),
        "v6." + ZONE, List.of("AAAA", "2001:db8::2"),
        "alias." + ZONE, List.of("CNAME", "new." + ZONE),
        "new." + ZONE, List.of("A", "192.0.2.3")));
    syncBoth();
    assertThat(zone(pdns, ZONE)).containsEntry("web." + ZONE + ". A", "300 [192.0.2.2]")
        .containsEntry("alias." + ZONE + ". CNAME", "300 [new." + ZONE + ".]")
        .containsKey("_externaldns.a-new." + ZONE + ". TXT")
        .isEqualTo(zone(direct, ZONE));

    // a type switch (AAAA → CNAME) through dnsguard: the planner deletes before it creates, in one
    // PATCH. (external-dns's own pdns provider v0.21.0 gets PowerDNS's 422 "Conflicts with
    // pre-existing RRset" for the same change, so there is nothing to compare with here.)
    apply("site", "app", Map.of(
        "web." + ZONE, List.of("A", "192.0.2.2"),
        "v6." + ZONE, List.of("CNAME", "web." + ZONE),
        "alias." + ZONE, List.of("CNAME", "new." + ZONE),
        "new." + ZONE, List.of("A", "192.0.2.3")));
    assertSucceeded(ExternalDns.once(dir, "site-webhook", kubeconfig, args("site", "site", webhook()), Map.of(), ONCE));
    assertThat(zone(pdns, ZONE)).containsEntry("v6." + ZONE + ". CNAME", "300 [web." + ZONE + ".]")
        .containsKey("_externaldns.cname-v6." + ZONE + ". TXT")
        .doesNotContainKeys("v6." + ZONE + ". AAAA", "_externaldns.aaaa-v6." + ZONE + ". TXT");

    // delete: names gone with their ownership records
    apply("site", "app", Map.of("web." + ZONE, List.of("A", "192.0.2.2")));
    syncBoth();
    assertThat(zone(pdns, ZONE)).containsOnlyKeys("web." + ZONE + ". A", "_externaldns.a-web." + ZONE + ". TXT",
        ZONE + ". NS").isEqualTo(zone(direct, ZONE));
  }

  private static void syncBoth() {
    ExternalDns.Run viaDnsguard = ExternalDns.once(dir, "site-webhook", kubeconfig, args("site", "site", webhook()), Map.of(), ONCE);
    assertSucceeded(viaDnsguard);
    ExternalDns.Run straight = ExternalDns.once(dir, "site-pdns", kubeconfig, args("site", "site", List.of("--provider=pdns",
        "--pdns-server=" + direct.apiUrl())), Map.of("EXTERNAL_DNS_PDNS_API_KEY", direct.apiKey()), ONCE);
    assertSucceeded(straight);
  }

  // --- 2. two regions on one zone: each keeps its names; a take-over is refused, visibly ---

  @Test
  void twoRegions_keepTheirNames_andATakeOverIsRefused() throws Exception {
    apply("region-1", "r1", Map.of("one." + REGIONS, List.of("A", "192.0.2.11")));
    apply("region-2", "r2", Map.of("two." + REGIONS, List.of("A", "192.0.2.22")));
    // region-2 runs on, caching the registry for an hour (--txt-cache-interval): it will plan from
    // what it saw first, as a region does whose view is stale or whose registry differs
    try (ExternalDnsProcess region2 = ExternalDns.start(dir, "region-2", kubeconfig,
        withLoop(args("region-2", "region-2", webhook()), "--txt-cache-interval=1h"), Map.of())) {
      await(() -> zone(pdns, REGIONS).containsKey("two." + REGIONS + ". A"), region2);
      assertSucceeded(ExternalDns.once(dir, "region-1", kubeconfig, args("region-1", "region-1", webhook()), Map.of(), ONCE));

      apply("region-1", "r1", Map.of("one." + REGIONS, List.of("A", "192.0.2.11"),
          "shared." + REGIONS, List.of("A", "192.0.2.11")));
      assertSucceeded(ExternalDns.once(dir, "region-1", kubeconfig, args("region-1", "region-1", webhook()), Map.of(), ONCE));
      Map<String, String> region1Records = raw(REGIONS, "one.", "_externaldns.a-one.", "shared.", "_externaldns.a-shared.");
      assertThat(region1Records.get("_externaldns.a-shared." + REGIONS + ". TXT")).contains("owner=region-1");

      // region-2's sources now ask for region-1's name
      double before = refused("region-2", "owned_by_other");
      apply("region-2", "r2", Map.of("two." + REGIONS, List.of("A", "192.0.2.22"),
          "shared." + REGIONS, List.of("A", "198.51.100.22")));
      await(() -> refused("region-2", "owned_by_other") > before, region2);
      await(() -> region2.log().contains("failed to apply changes with code 500"), region2);

      assertThat(raw(REGIONS, "one.", "_externaldns.a-one.", "shared.", "_externaldns.a-shared."))
          .as("region-1's records, byte for byte").isEqualTo(region1Records);
      assertThat(zone(pdns, REGIONS)).containsEntry("two." + REGIONS + ". A", "300 [192.0.2.22]");
    }
    // region-1 syncs again: it keeps its names and leaves region-2's alone
    assertSucceeded(ExternalDns.once(dir, "region-1", kubeconfig, args("region-1", "region-1", webhook()), Map.of(), ONCE));
    assertThat(zone(pdns, REGIONS)).containsKeys("one." + REGIONS + ". A", "shared." + REGIONS + ". A",
        "two." + REGIONS + ". A", "_externaldns.a-two." + REGIONS + ". TXT");
    assertThat(zone(pdns, REGIONS).get("_externaldns.a-two." + REGIONS + ". TXT")).contains("owner=region-2");
  }

  private double refused(String owner, String reason) {
    String prefix = "dnsguard_provider_refused_changes_total{owner=\"" + owner + "\",reason=\"" + reason + "\"}";
    return metrics.scrape().lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  // --- helpers ---

  static List<String> webhook() {
    return List.of("--provider=webhook", "--webhook-provider-url=http://127.0.0.1:" + server.port());
  }

  static List<String> args(String namespace, String owner, List<String> provider) {
    List<String> out = new ArrayList<>(List.of("--source=crd", "--namespace=" + namespace, "--registry=txt",
        "--txt-owner-id=" + owner, "--txt-prefix=_externaldns.", "--policy=sync", "--interval=2s"));
    out.addAll(provider);
    return out;
  }

  static List<String> withLoop(List<String> args, String... more) {
    List<String> out = new ArrayList<>(args);
    out.addAll(List.of(more));
    return out;
  }

  /** Server-side applies DNSEndpoint {@code name} with one endpoint per entry: name → [type, target]. */
  static void apply(String namespace, String name, Map<String, List<String>> endpoints) {
    List<Map<String, Object>> list = new ArrayList<>();
    new TreeMap<>(endpoints).forEach((dnsName, typeAndTarget) -> list.add(Map.of("dnsName", dnsName,
        "recordType", typeAndTarget.get(0), "targets", List.of(typeAndTarget.get(1)))));
    GenericKubernetesResource endpoint = new GenericKubernetesResourceBuilder()
        .withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .addToAdditionalProperties("spec", Map.of("endpoints", list)).build();
    client.genericKubernetesResources("externaldns.k8s.io/v1alpha1", "DNSEndpoint").inNamespace(namespace)
        .resource(endpoint).forceConflicts().serverSideApply();
  }

  /** The zone as "name type" → "ttl [contents]" (SOA left out: every write bumps its serial). */
  static Map<String, String> zone(PowerDnsServer server, String zone) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode rrset : rrsets(server, zone)) {
      String type = rrset.path("type").asString();
      if (!type.equals("SOA")) {
        List<String> contents = rrset.path("records").valueStream().map(r -> r.path("content").asString()).sorted().toList();
        out.put(rrset.path("name").asString() + " " + type, rrset.path("ttl").asLong() + " " + contents);
      }
    }
    return out;
  }

  /** The raw API JSON of the rrsets whose names start with one of {@code prefixes}. */
  static Map<String, String> raw(String zone, String... prefixes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode rrset : rrsets(pdns, zone)) {
      String name = rrset.path("name").asString();
      for (String prefix : prefixes) {
        if (name.equals(prefix + zone + ".")) {
          out.put(name + " " + rrset.path("type").asString(), rrset.toString());
        }
      }
    }
    return out;
  }

  private static List<JsonNode> rrsets(PowerDnsServer server, String zone) {
    HttpResponse<String> response = server.api("GET", "/api/v1/servers/localhost/zones/" + zone + ".", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("rrsets").valueStream().toList();
  }

  private static void assertSucceeded(ExternalDns.Run run) {
    assertThat(run.exit()).as(run.tail()).isZero();
  }

  private static void await(BooleanSupplier condition, ExternalDnsProcess process) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 120 s; external-dns log:\n" + process.tail(25));
      }
      Thread.sleep(200);
    }
  }
}
