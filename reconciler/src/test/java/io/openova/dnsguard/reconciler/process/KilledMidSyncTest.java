package io.openova.dnsguard.reconciler.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dnsguard run} killed with SIGKILL in the middle of a large first sync (30,000 names, a
 * dozen PATCHes) and started again: the restarted process converges to every name exactly once,
 * each with its ownership TXT, and no record or TXT without its partner.
 */
@RealKubeApiServer
@RealPowerDns
class KilledMidSyncTest {
  private static final String ZONE = "e2e-kill.test";
  private static final String NAMESPACE = "e2e-kill";
  private static final int OBJECTS = 15;
  private static final int PER_OBJECT = 2_000;

  @Test
  void sigkillMidSync_restart_convergesWithoutOrphansOrDuplicates(KubernetesClient client, KubeApiServer kube,
      PowerDnsServer pdns, @TempDir Path dir) throws Exception {
    pdns.createZone(ZONE);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    for (int o = 0; o < OBJECTS; o++) {
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (int i = 0; i < PER_OBJECT; i++) {
        int n = o * PER_OBJECT + i;
        endpoints.add(Map.of("dnsName", name(n), "recordType", "A",
            "targets", List.of("10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255))));
      }
      client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(NAMESPACE).resource(
          new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
              .withNewMetadata().withName("bulk-" + o).withNamespace(NAMESPACE).endMetadata()
              .withAdditionalProperties(Map.of("spec", Map.of("endpoints", endpoints))).build()).create();
    }
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: kill}
        spec:
          ownerId: kill-test
          txtPrefix: "_externaldns."
          unmanagedDomains: deny
          domains:
            - suffix: %s
              namespaces: [%s]
        """.formatted(ZONE, NAMESPACE));
    List<String> args = List.of("--policy-file", policy.toString(), "--domain-filter", ZONE, "--no-leader-election");
    DnsQuery dns = new DnsQuery(pdns.dnsPort());
    Random random = new Random(42);

    Set<Integer> answeredAtKill = new HashSet<>();
    try (RunProcess first = RunProcess.start(dir, "first", kube.kubeconfig(), pdns, Map.of(), args)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (answeredAtKill.isEmpty()) {
        assertThat(System.nanoTime()).as("the first sync starts writing; log:\n%s", first.logTail()).isLessThan(deadline);
        for (int probe = 0; probe < 40; probe++) {
          int n = random.nextInt(OBJECTS * PER_OBJECT);
          if (!dns.answers(name(n), "A").isEmpty()) {
            answeredAtKill.add(n);
          }
        }
      }
      first.kill();
    }
    Map<String, JsonNode> afterKill = rrsets(pdns);
    long recordsAtKill = afterKill.keySet().stream().filter(k -> k.endsWith(" A")).count();
    assertThat(recordsAtKill).as("killed in the middle: some but not all names written")
        .isGreaterThan(0).isLessThan(OBJECTS * PER_OBJECT);
    assertPaired(afterKill); // every record already has its TXT: groups are atomic PATCHes

    try (RunProcess second = RunProcess.start(dir, "second", kube.kubeconfig(), pdns, Map.of(), args)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      Map<String, JsonNode> now = rrsets(pdns);
      while (now.keySet().stream().filter(k -> k.endsWith(" A")).count() < OBJECTS * PER_OBJECT) {
        assertThat(System.nanoTime()).as("the restarted process converges; log:\n%s", second.logTail()).isLessThan(deadline);
        Thread.sleep(1_000);
        now = rrsets(pdns);
      }
      assertPaired(now);
      assertThat(now.keySet().stream().filter(k -> k.endsWith(" A")).count()).isEqualTo(OBJECTS * PER_OBJECT);
      for (Map.Entry<String, JsonNode> rrset : now.entrySet()) {
        assertThat(rrset.getValue().path("records").size()).as(rrset.getKey() + " has one record").isEqualTo(1);
      }
      assertThat(dns.answers(name(OBJECTS * PER_OBJECT - 1), "A")).hasSize(1);
      assertThat(recordsAtKill).as("records written before the kill (" + answeredAtKill.size() + " probed)").isPositive();
    }
  }

  private static String name(int n) {
    return "n%05d.%s".formatted(n, ZONE);
  }

  /** Every A has its new-format TXT and every TXT its A. */
  private static void assertPaired(Map<String, JsonNode> rrsets) {
    Set<String> records = new HashSet<>();
    Set<String> owners = new HashSet<>();
    for (String key : rrsets.keySet()) {
      if (key.endsWith(" A")) {
        records.add(key.substring(0, key.length() - 2));
      } else if (key.endsWith(" TXT") && key.startsWith("_externaldns.a-")) {
        owners.add(key.substring("_externaldns.a-".length(), key.length() - 4));
      }
    }
    assertThat(owners).as("ownership TXT records match the records exactly").isEqualTo(records);
  }

  private static Map<String, JsonNode> rrsets(PowerDnsServer pdns) {
    HttpResponse<String> response = pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null);
    Map<String, JsonNode> rrsets = new HashMap<>();
    for (JsonNode rrset : JsonMapper.builder().build().readTree(response.body()).path("rrsets")) {
      String type = rrset.path("type").asString();
      if (type.equals("A") || type.equals("TXT")) {
        rrsets.put(rrset.path("name").asString() + " " + type, rrset);
      }
    }
    return rrsets;
  }
}
