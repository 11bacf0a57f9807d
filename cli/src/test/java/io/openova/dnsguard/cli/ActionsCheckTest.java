package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code check} says what each action would do: DENY (Enforce), WARN with kubectl's warning, AUDIT silently. */
class ActionsCheckTest {
  @TempDir Path dir;
  private Path cluster;
  private Path manifests;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void files() throws Exception {
    cluster = Files.writeString(dir.resolve("cluster.yaml"), """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: api, namespace: team-a, uid: u-1, creationTimestamp: "2026-11-20T10:00:00Z"}
        spec: {hostnames: [api.example.com, api.strict.example.com, api.quiet.example.com]}
        """);
    manifests = Files.writeString(dir.resolve("new.yaml"), """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: warned, namespace: team-b}
        spec: {hostnames: [api.example.com]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: denied, namespace: team-b}
        spec: {hostnames: [api.strict.example.com]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: audited, namespace: team-b}
        spec: {hostnames: [api.quiet.example.com]}
        """);
  }

  private Path policy(String action) throws Exception {
    return Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: rollout}
        spec:
          ownerId: openova
          action: %s
          domains:
            - {suffix: example.com, namespaces: [team-a, team-b]}
            - {suffix: strict.example.com, namespaces: [team-a, team-b], action: Enforce}
            - {suffix: quiet.example.com, namespaces: [team-a, team-b], action: Audit}
        """.formatted(action));
  }

  private int check(Path policy, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--policy", policy.toString(), "--cluster-state",
        cluster.toString(), "-f", manifests.toString()));
    args.addAll(List.of(more));
    return CheckCommand.COMMAND.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void check_policyWarnWithDomainOverrides_saysWhatEachActionWouldDo() throws Exception {
    int exit = check(policy("Warn"));

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).startsWith("WARN  HTTPRoute team-b/warned (admitted, kubectl warns; reported): "
        + "hostname \"api.example.com\" is already claimed by HTTPRoute team-a/api (since 2026-11-20T10:00:00Z)");
    assertThat(lines.get(1)).isEqualTo(
        "      Warning: dnsguard first-claim: \"api.example.com\" is claimed by HTTPRoute team-a/api");
    assertThat(lines.get(2)).startsWith("DENY  HTTPRoute team-b/denied (409): hostname \"api.strict.example.com\"");
    assertThat(lines.get(3)).startsWith("AUDIT HTTPRoute team-b/audited (admitted silently; reported): "
        + "hostname \"api.quiet.example.com\" is already claimed by HTTPRoute team-a/api");
    assertThat(lines).hasSize(4);
    assertThat(exit).as("one object is still enforced").isEqualTo(1);
  }

  @Test
  void check_policyAuditAsJson_admitsAndExitsZeroWithoutEnforcedDomains() throws Exception {
    Files.writeString(manifests, Files.readString(manifests).replace("api.strict.example.com", "api.quiet.example.com"));

    int exit = check(policy("Audit"), "--output", "json");

    JsonMapper json = JsonMapper.builder().build();
    List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(json::readTree).toList();
    assertThat(lines).extracting(l -> l.path("action").asString()).containsExactly("audit", "audit", "audit");
    assertThat(lines).allSatisfy(l -> {
      assertThat(l.path("allowed").asBoolean()).isTrue();
      assertThat(l.path("code").asInt()).isEqualTo(200);
      assertThat(l.path("warnings").size()).isZero();
      assertThat(l.path("message").asString()).contains("is already claimed by HTTPRoute team-a/api");
    });
    assertThat(exit).isZero();
  }

  @Test
  void check_defaultAction_isEnforce() throws Exception {
    Path policy = Files.writeString(dir.resolve("default.yaml"), Files.readString(policy("Enforce"))
        .replace("  action: Enforce\n", ""));

    int exit = check(policy);

    assertThat(out.toString(StandardCharsets.UTF_8).lines()).first().asString().startsWith("DENY  HTTPRoute team-b/warned");
    assertThat(exit).isEqualTo(1);
  }
}
