package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code dnsguard audit}: the background audit's report from a cluster export and zone files. */
class AuditCommandTest {
  @TempDir Path dir;
  private Path policy;
  private Path cluster;
  private Path zone;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void files() throws Exception {
    policy = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: prod}
        spec:
          ownerId: openova
          txtPrefix: _externaldns.
          domains: [{suffix: example.com, namespaces: [team-a, team-b], action: Warn}]
        """);
    cluster = Files.writeString(dir.resolve("export.yaml"), """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: api, namespace: team-a, uid: u-1, creationTimestamp: "2026-11-20T10:00:00Z"}
            spec: {hostnames: [api.example.com]}
          - apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: api, namespace: team-b, uid: u-2, creationTimestamp: "2026-11-22T10:00:00Z"}
            spec: {hostnames: [api.example.com]}
          - apiVersion: v1
            kind: Service
            metadata:
              name: legacy
              namespace: team-a
              uid: u-3
              creationTimestamp: "2026-11-23T10:00:00Z"
              annotations: {external-dns.alpha.kubernetes.io/hostname: legacy.example.com}
            spec: {ports: [{port: 80}]}
        """);
    zone = Files.writeString(dir.resolve("example.com.zone"), """
        $ORIGIN example.com.
        @ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300
        legacy 300 IN A 192.0.2.10
        _externaldns.a-legacy 300 IN TXT "heritage=external-dns,external-dns/owner=region-2,external-dns/resource=service/x/y"
        """);
  }

  private int audit(String... args) {
    List<String> all = new ArrayList<>(List.of("--policy", policy.toString(), "--cluster-state", cluster.toString(),
        "--dns-state", zone.toString()));
    all.addAll(List.of(args));
    return AuditCommand.COMMAND.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void audit_table_listsEachObjectAndRuleWithTheDenialMessageAndCounts() {
    int exit = audit();

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).matches("NAMESPACE +KIND +NAME +RULE +ACTION +MESSAGE");
    assertThat(lines.get(1)).matches("team-a +Service +legacy +dns-ownership +Warn +hostname \"legacy.example.com\" "
        + "is owned by external-dns owner \"region-2\" \\(TXT _externaldns.a-legacy.example.com\\)");
    assertThat(lines.get(2)).matches("team-b +HTTPRoute +api +first-claim +Warn +hostname \"api.example.com\" is already "
        + "claimed by HTTPRoute team-a/api \\(since 2026-11-20T10:00:00Z\\)");
    assertThat(lines.get(4)).isEqualTo("2 result(s) under DNSPolicy \"prod\": first-claim 1, dns-ownership 1");
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void audit_json_isTheReportObjectsTheReconcilerApplies() {
    int exit = audit("--output", "json", "--format", "wgpolicyk8s");

    JsonNode list = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(list.path("kind").asString()).isEqualTo("List");
    assertThat(list.path("items")).hasSize(2);
    JsonNode teamB = list.path("items").get(1);
    assertThat(teamB.path("apiVersion").asString()).isEqualTo("wgpolicyk8s.io/v1alpha2");
    assertThat(teamB.path("kind").asString()).isEqualTo("PolicyReport");
    assertThat(teamB.path("metadata").path("namespace").asString()).isEqualTo("team-b");
    assertThat(teamB.path("metadata").path("name").asString()).isEqualTo("dnsguard-prod");
    JsonNode result = teamB.path("results").get(0);
    assertThat(result.path("rule").asString()).isEqualTo("first-claim");
    assertThat(result.path("result").asString()).isEqualTo("fail");
    assertThat(result.path("properties").path("action").asString()).isEqualTo("Warn");
    assertThat(result.path("resources").get(0).path("uid").asString()).isEqualTo("u-2");
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void audit_nothingWrong_exitZero() throws Exception {
    Files.writeString(zone, "$ORIGIN example.com.\n@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300\n");
    Files.writeString(cluster, Files.readString(cluster).replace("team-b, uid: u-2, creationTimestamp: \"2026-11-22T10:00:00Z\"}\n"
        + "    spec: {hostnames: [api.example.com]}", "team-b, uid: u-2}\n    spec: {hostnames: [b.example.com]}"));

    assertThat(audit()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 result(s) under DNSPolicy \"prod\"");
  }

  @Test
  void audit_withoutClusterState_exit2WithUsage() {
    int exit = AuditCommand.COMMAND.run(List.of("--policy", policy.toString()), new PrintStream(out), new PrintStream(err));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("audit: --cluster-state is required");
  }
}
