package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.cli.Main;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.policies.registry.TxtEncryption;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.reconciler.loop.Decisions;
import io.openova.dnsguard.reconciler.loop.DnsTarget;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.reconciler.loop.ReconcileLoop;
import io.openova.dnsguard.reconciler.loop.Sources;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.reconciler.source.EndpointSource;
import io.openova.dnsguard.kube.ClaimIndexFeeder;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.testbench.ExternalDnsProcess;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import io.openova.dnsguard.webhook.review.AdmissionReviewCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18, proven on records the real external-dns v0.21.0 wrote: owner {@code region-9}, prefix
 * {@code _externaldns.}, {@code --txt-encrypt-enabled}. Under a key dnsguard does not have (none, or
 * a wrong one) the ownership record is someone's it cannot read; under the right key it names
 * {@code region-9}. Either way the webhook, {@code check}, the reconciler and {@code plan} refuse
 * the name — with {@code adoptUnowned: true} — and the records stay byte for byte as external-dns
 * wrote them. It lives with the commands (cli sees every module) in the webhook's package, whose
 * DNS view it builds.
 */
@RealKubeApiServer
@RealPowerDns
class ExternalDnsEncryptedOwnershipTest {

  private static final String ZONE = "edns-enc.test";
  private static final String VAULT = "vault." + ZONE;
  private static final String VAULT_TXT = "_externaldns.a-vault." + ZONE;
  private static final String KEY = "region-9.aes-key.exactly-32-byte";
  private static final String WRONG_KEY = "not-the-key-of-region-9-at-all!!";
  private static final String NAMESPACE = "edns-team-a";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String NO_KEY_REFUSAL = "hostname \"" + VAULT + "\" has an external-dns ownership record dnsguard"
      + " cannot read (encrypted, no matching key: TXT " + VAULT_TXT + ")";
  private static final String KEY_REFUSAL = "hostname \"" + VAULT + "\" is owned by external-dns owner \"region-9\" (TXT "
      + VAULT_TXT + ")";

  @TempDir static Path dir;
  private static Map<String, String> writtenByExternalDns;
  private static Path policyFile;

  @BeforeAll
  static void externalDnsWritesEncryptedOwnership(KubernetesClient client, KubeApiServer kube, PowerDnsServer pdns)
      throws Exception {
    pdns.createZone(ZONE);
    for (String ns : List.of("edns-region9", NAMESPACE)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
    endpoint(client, "edns-region9", "vault", VAULT, "198.51.100.77");
    // Another controller's geo failover, as in the seed's zones.
    HttpResponse<String> lua = pdns.api("PATCH", "/api/v1/servers/localhost/zones/" + ZONE + ".", """
        {"rrsets": [{"name": "geo.%s.", "type": "LUA", "ttl": 60, "changetype": "REPLACE",
          "records": [{"content": "A \\"ifportup(443, {'192.0.2.1', '192.0.2.2'})\\"", "disabled": false}]}]}"""
        .formatted(ZONE));
    assertThat(lua.statusCode()).as(lua.body()).isEqualTo(204);

    Path kubeconfig = ExternalDnsProcess.writeKubeconfig(dir, kube.kubeconfig());
    try (ExternalDnsProcess edns = ExternalDnsProcess.start(dir.resolve("edns"), List.of("--once",
            "--kubeconfig=" + kubeconfig, "--source=crd", "--namespace=edns-region9", "--provider=pdns",
            "--pdns-server=" + pdns.apiUrl(), "--domain-filter=" + ZONE, "--registry=txt", "--txt-owner-id=region-9",
            "--txt-prefix=_externaldns.", "--txt-encrypt-enabled", "--policy=sync", "--log-level=debug"),
        Map.of("EXTERNAL_DNS_PDNS_API_KEY", pdns.apiKey(), "EXTERNAL_DNS_TXT_ENCRYPT_AES_KEY", KEY))) {
      assertThat(edns.awaitExit(Duration.ofMinutes(3))).as(edns.tail(40)).isZero();
    }
    writtenByExternalDns = vaultRrsets(pdns);
    assertThat(writtenByExternalDns).containsOnlyKeys(VAULT + ". A", VAULT_TXT + ". TXT");
    String sealed = content(pdns, VAULT_TXT);
    assertThat(sealed).as("external-dns encrypted its ownership record").doesNotContain("heritage");
    assertThat(TxtEncryption.ofKey(KEY).decrypt(sealed.replace("\"", "")))
        .as("dnsguard opens what external-dns sealed").hasValueSatisfying(plain -> assertThat(plain)
            .contains("heritage=external-dns", "external-dns/owner=region-9", "external-dns/resource=crd/edns-region9/vault"));

    // region-9 is another cluster in the story: its object leaves this one, its records stay in DNS.
    client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace("edns-region9").withName("vault")
        .withTimeout(60, TimeUnit.SECONDS).delete();
    // team-a wants the name (and a free one); created after external-dns ran, so only dnsguard sees them.
    endpoint(client, NAMESPACE, "vault-claim", VAULT, "192.0.2.99");
    endpoint(client, NAMESPACE, "free", "free." + ZONE, "192.0.2.50");
    policyFile = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: enc}
        spec:
          ownerId: dnsguard-enc
          txtPrefix: "_externaldns."
          adoptUnowned: true
          domains:
            - suffix: %s
              namespaces: [%s]
        """.formatted(ZONE, NAMESPACE));
  }

  @Test
  void webhook_withoutTheKey_refusesNamingTheUnreadableRecord_withIt_namesTheOwner(PowerDnsServer pdns) throws Exception {
    assertThat(review(pdns, TxtRecordCodec.plain(), VAULT)).satisfies(r -> {
      assertThat(r.allowed()).isFalse();
      assertThat(r.code()).isEqualTo(409);
      assertThat(r.message()).contains(NO_KEY_REFUSAL);
    });
    assertThat(review(pdns, codec(WRONG_KEY), VAULT).message()).contains(NO_KEY_REFUSAL);
    assertThat(review(pdns, codec(KEY), VAULT).message()).contains(KEY_REFUSAL);
    assertThat(review(pdns, TxtRecordCodec.plain(), "free." + ZONE).allowed()).isTrue();
    assertThat(vaultRrsets(pdns)).isEqualTo(writtenByExternalDns);
  }

  @Test
  void check_onThePdnsutilExport_decidesLikeTheWebhook(PowerDnsServer pdns) throws Exception {
    Path zoneFile = dir.resolve(ZONE + ".zone");
    Process export = new ProcessBuilder("/usr/bin/pdnsutil", "--config-dir=" + pdns.directory(), "list-zone", ZONE)
        .redirectOutput(zoneFile.toFile()).redirectError(dir.resolve("pdnsutil.err").toFile()).start();
    assertThat(export.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(export.exitValue()).as(Files.readString(dir.resolve("pdnsutil.err"))).isZero();
    assertThat(Files.readString(zoneFile)).contains("LUA", VAULT_TXT);
    List<String> hosts = List.of(VAULT, "geo." + ZONE, "free." + ZONE);
    Path manifests = Files.writeString(dir.resolve("routes.yaml"), String.join("\n---\n",
        hosts.stream().map(ExternalDnsEncryptedOwnershipTest::route).toList()));
    Path keyFile = Files.writeString(dir.resolve("aes.key"), KEY + "\n");

    for (boolean withKey : List.of(false, true)) {
      List<String> args = new ArrayList<>(List.of("--policy", policyFile.toString(), "--dns-state", zoneFile.toString(),
          "-f", manifests.toString(), "--output", "json"));
      if (withKey) {
        args.addAll(List.of("--txt-encrypt-aes-key-file", keyFile.toString()));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = Main.run(withCommand("check", args), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
      List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
      assertThat(lines).hasSize(hosts.size());
      for (int i = 0; i < hosts.size(); i++) {
        AdmissionResponse webhook = review(pdns, withKey ? codec(KEY) : TxtRecordCodec.plain(), hosts.get(i));
        assertThat(lines.get(i).path("allowed").asBoolean()).as("%s, key %s", hosts.get(i), withKey)
            .isEqualTo(webhook.allowed());
        if (!webhook.allowed()) {
          assertThat(webhook.message()).as("%s, key %s", hosts.get(i), withKey)
              .contains(lines.get(i).path("message").asString());
        }
      }
      assertThat(lines.get(0).path("message").asString()).isEqualTo(withKey ? KEY_REFUSAL : NO_KEY_REFUSAL);
      assertThat(lines.get(1).path("message").asString()).contains("LUA record set written by another controller");
    }
  }

  @Test
  void reconciler_manySyncsWithAdoptUnowned_neverTouchesTheEncryptedRecords(KubernetesClient client, PowerDnsServer pdns)
      throws Exception {
    PolicyEvaluator rules = new PolicyEvaluator(PolicyLoader.load(policyFile));
    ClaimIndex claims = new ClaimIndex();
    SourceInformers informers = new SourceInformers(client);
    informers.start(ClaimIndexFeeder.of(claims, informers, Attachment.Mode.ACCEPTED), Duration.ZERO);
    try {
      assertThat(informers.awaitSynced(Duration.ofSeconds(60))).isTrue();
      Sources sources = new Sources(informers::objects, claims, new EndpointSource(Attachment.accepted(informers.gatewayView())));
      DnsTarget target = new DnsTarget(provider(pdns), DomainFilter.of(List.of(ZONE)), SyncMode.SYNC);
      Map<TxtRecordCodec, String> refusals = new java.util.LinkedHashMap<>();
      refusals.put(TxtRecordCodec.plain(), NO_KEY_REFUSAL);
      refusals.put(codec(WRONG_KEY), NO_KEY_REFUSAL);
      refusals.put(codec(KEY), KEY_REFUSAL);
      for (Map.Entry<TxtRecordCodec, String> keyed : refusals.entrySet()) {
        ReconcileLoop loop = new ReconcileLoop(() -> rules, sources, target, Clock.systemUTC(), keyed.getKey());
        for (int sync = 0; sync < 3; sync++) {
          SyncReport report = loop.runOnce();
          assertThat(report.failed()).as("sync %d", sync).isFalse();
          Decisions.Denied denied = report.decisions().denied().stream()
              .filter(d -> d.ref().name().equals("vault-claim")).findFirst().orElseThrow();
          assertThat(denied.deny().message()).isEqualTo(keyed.getValue());
          assertThat(vaultRrsets(pdns)).as("external-dns's records after sync %d", sync).isEqualTo(writtenByExternalDns);
        }
      }
      assertThat(content(pdns, "free." + ZONE)).isEqualTo("192.0.2.50"); // the loop does write what is free
    } finally {
      informers.close();
    }
  }

  @Test
  void plan_withoutAndWithTheKey_deniesTheNameAndWritesNothing(KubeApiServer kube, PowerDnsServer pdns) throws Exception {
    Path apiKey = Files.writeString(dir.resolve("pdns.key"), pdns.apiKey());
    Path keyFile = Files.writeString(dir.resolve("aes-plan.key"), KEY);
    Path kubeconfig = ExternalDnsProcess.writeKubeconfig(dir.resolve("plan"), kube.kubeconfig());
    List<String> args = List.of("--policy-file", policyFile.toString(), "--provider", "powerdns",
        "--pdns-url", pdns.apiUrl().toString(), "--pdns-api-key-file", apiKey.toString(), "--domain-filter", ZONE);
    String before = zoneJson(pdns);
    String previous = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    try {
      String withoutKey = plan(args);
      assertThat(withoutKey).contains("DENIED DNSEndpoint " + NAMESPACE + "/vault-claim: " + NO_KEY_REFUSAL);
      List<String> keyed = new ArrayList<>(args);
      keyed.addAll(List.of("--txt-encrypt-aes-key-file", keyFile.toString()));
      assertThat(plan(keyed)).contains("DENIED DNSEndpoint " + NAMESPACE + "/vault-claim: " + KEY_REFUSAL)
          .doesNotContain(VAULT_TXT + " 300 TXT");
    } finally {
      if (previous == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", previous);
      }
    }
    assertThat(zoneJson(pdns)).as("plan writes nothing").isEqualTo(before);
  }

  private static List<String> withCommand(String command, List<String> args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(args);
    return all;
  }

  private static String plan(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(withCommand("plan", args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static AdmissionResponse review(PowerDnsServer pdns, TxtRecordCodec codec, String hostname) throws Exception {
    PolicyEvaluator rules = new PolicyEvaluator(PolicyLoader.load(policyFile));
    ProviderDnsView view = new ProviderDnsView(provider(pdns), () -> rules, codec, Clock.systemUTC());
    PolicyReviewer reviewer = new PolicyReviewer(() -> rules, new ClaimIndex(), view, DnsFailurePolicy.FAIL);
    String body = """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "u1", "kind": {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "HTTPRoute"},
                     "namespace": "%s", "name": "r", "operation": "CREATE", "object": %s}}"""
        .formatted(NAMESPACE, route(hostname));
    return reviewer.review(AdmissionReviewCodec.read(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String route(String hostname) {
    return "{\"apiVersion\": \"gateway.networking.k8s.io/v1\", \"kind\": \"HTTPRoute\", \"metadata\": {\"name\": \""
        + hostname.split("\\.")[0] + "\", \"namespace\": \"" + NAMESPACE + "\"}, \"spec\": {\"hostnames\": [\"" + hostname
        + "\"]}}";
  }

  private static TxtRecordCodec codec(String key) {
    return TxtRecordCodec.encrypted(TxtEncryption.ofKey(key));
  }

  private static DnsProvider provider(PowerDnsServer pdns) {
    return PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())));
  }

  private static void endpoint(KubernetesClient client, String ns, String name, String dnsName, String ip) {
    GenericKubernetesResource endpoint = new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1")
        .withKind("DNSEndpoint").withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("endpoints", List.of(
            Map.of("dnsName", dnsName, "recordType", "A", "targets", List.of(ip)))))).build();
    client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(ns)
        .resource(endpoint).create();
  }

  private static String zoneJson(PowerDnsServer pdns) {
    JsonNode zone = JSON.readTree(pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null).body());
    Map<String, String> rrsets = new TreeMap<>();
    for (JsonNode rrset : zone.path("rrsets")) {
      if (!rrset.path("type").asString().equals("SOA")) {
        rrsets.put(rrset.path("name").asString() + " " + rrset.path("type").asString(), rrset.toString());
      }
    }
    return rrsets.toString();
  }

  /** The vault name's rrsets and its ownership record's, exactly as the PowerDNS API returns them. */
  private static Map<String, String> vaultRrsets(PowerDnsServer pdns) {
    JsonNode zone = JSON.readTree(pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null).body());
    Map<String, String> rrsets = new TreeMap<>();
    for (JsonNode rrset : zone.path("rrsets")) {
      String name = rrset.path("name").asString();
      if (name.equals(VAULT + ".") || name.equals(VAULT_TXT + ".")) {
        rrsets.put(name + " " + rrset.path("type").asString(), rrset.toString());
      }
    }
    return rrsets;
  }

  private static String content(PowerDnsServer pdns, String name) {
    JsonNode zone = JSON.readTree(pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null).body());
    for (JsonNode rrset : zone.path("rrsets")) {
      if (rrset.path("name").asString().equals(name + ".")) {
        return rrset.path("records").get(0).path("content").asString();
      }
    }
    throw new AssertionError(name + " is not in the zone");
  }
}
