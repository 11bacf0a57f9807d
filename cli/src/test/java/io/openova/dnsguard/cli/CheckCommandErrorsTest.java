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

/** Bad usage and unreadable input: exit 2 and one line naming the file and problem, never a stack trace. */
class CheckCommandErrorsTest {

  @TempDir Path dir;
  private Path policy;
  private Path manifest;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void files() throws Exception {
    policy = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: default}
        spec:
          ownerId: openova
          domains: [{suffix: example.com, namespaces: [team-a]}]
        """);
    manifest = Files.writeString(dir.resolve("route.yaml"), """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: r, namespace: team-a}
        spec: {hostnames: [r.example.com]}
        """);
  }

  private int run(String... args) {
    return CheckCommand.COMMAND.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errorLine() {
    List<String> lines = new ArrayList<>(err.toString(StandardCharsets.UTF_8).lines().toList());
    lines.removeIf(line -> line.startsWith("usage:"));
    assertThat(lines).as("one error line").hasSize(1);
    assertThat(lines.getFirst()).doesNotContain("Exception", "\tat ");
    return lines.getFirst();
  }

  @Test
  void run_validInput_exitZero() {
    assertThat(run("--policy", policy.toString(), "-f", manifest.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ALLOW HTTPRoute team-a/r\n");
  }

  @Test
  void run_badPolicyValue_exit2NamingFileLineAndField() throws Exception {
    Files.writeString(policy, """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        spec:
          ownerId: openova
          domains:
            - suffix: example.com
              wildcards: sometimes
        """);
    assertThat(run("--policy", policy.toString(), "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).startsWith("check: invalid policy: " + policy + ":7: spec.domains[0].wildcards: ");
  }

  @Test
  void run_policyMissingOwnerId_exit2() throws Exception {
    Files.writeString(policy, "apiVersion: dnsguard.openova.io/v1alpha1\nkind: DNSPolicy\nspec:\n  domains: []\n");
    assertThat(run("--policy", policy.toString(), "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).startsWith("check: invalid policy: " + policy + ":3: spec: ").contains("ownerId");
  }

  @Test
  void run_policyInvalidSuffix_exit2NamingRule() throws Exception {
    Files.writeString(policy, """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        spec:
          ownerId: openova
          domains: [{suffix: "bad..example.com"}]
        """);
    assertThat(run("--policy", policy.toString(), "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).contains(policy + ":5: spec.domains[0].suffix: invalid hostname \"bad..example.com\"");
  }

  @Test
  void run_policyNotYaml_exit2() throws Exception {
    Files.writeString(policy, "spec: [unclosed\n");
    assertThat(run("--policy", policy.toString(), "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).startsWith("check: invalid policy: " + policy + ":").contains("invalid YAML");
  }

  @Test
  void run_malformedManifest_exit2NamingFileAndLine() throws Exception {
    Files.writeString(manifest, "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   bad: indent\n");
    assertThat(run("--policy", policy.toString(), "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).startsWith("check: " + manifest + ":").contains("invalid YAML");
  }

  @Test
  void run_manifestWithoutName_exit2() throws Exception {
    Files.writeString(manifest, "apiVersion: v1\nkind: Service\nmetadata: {namespace: a}\n");
    assertThat(run("--policy", policy.toString(), "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("check: " + manifest + ":1: object has no metadata.name");
  }

  @Test
  void run_badCreationTimestampInClusterState_exit2() throws Exception {
    Path state = Files.writeString(dir.resolve("state.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: a, creationTimestamp: yesterday}\n");
    assertThat(run("--policy", policy.toString(), "--cluster-state", state.toString(), "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).contains(state + ":1: ").contains("creationTimestamp \"yesterday\"");
  }

  @Test
  void run_missingManifestFile_exit2() {
    Path missing = dir.resolve("nope.yaml");
    assertThat(run("--policy", policy.toString(), "-f", missing.toString())).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("check: " + missing + ": no such file or directory");
  }

  @Test
  void run_missingPolicyFile_exit2() {
    Path missing = dir.resolve("none.yaml");
    assertThat(run("--policy", missing.toString(), "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("check: invalid policy: " + missing + ": no such file");
  }

  @Test
  void run_badZoneFile_exit2() throws Exception {
    Path zone = Files.writeString(dir.resolve("z.zone"), "$ORIGIN example.com.\n@ IN SOA ns1 host 1 2 3 4 5\nwww IN A not-an-ip\n");
    assertThat(run("--policy", policy.toString(), "--dns-state", zone.toString(), "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).startsWith("check: " + zone + ": invalid zone file");
  }

  @Test
  void run_unknownFlag_exit2WithUsage() {
    assertThat(run("--policy", policy.toString(), "--frobnicate", "-f", manifest.toString())).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("check: unknown option --frobnicate");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: check");
  }

  @Test
  void run_noManifests_exit2() {
    assertThat(run("--policy", policy.toString())).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("check: no manifests: give at least one -f FILE");
  }

  @Test
  void run_flagWithoutValue_exit2() {
    assertThat(run("-f", manifest.toString(), "--policy")).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("check: --policy needs a value");
  }

  @Test
  void run_help_exit0() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: check");
  }

  @Test
  void run_deniedObject_exit1WithJsonLine() throws Exception {
    Files.writeString(manifest, "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: other}\nspec: {hostnames: [x.example.com]}\n");
    assertThat(run("--policy", policy.toString(), "-f", manifest.toString(), "--output", "json")).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("{\"kind\":\"HTTPRoute\",\"namespace\":\"other\",\"name\":\"r\",\"allowed\":false,\"action\":\"deny\","
            + "\"code\":403,\"message\":\"namespace \\\"other\\\" may not claim \\\"x.example.com\\\" (domain \\\"example.com\\\" "
            + "of DNSPolicy \\\"default\\\")\",\"warnings\":[]}");
  }

  @Test
  void run_shippedExamples_denyWhatTheyDocument() {
    Path examples = Path.of("../policies/examples");
    int exit = run("--policy", examples.resolve("policy.yaml").toString(),
        "--cluster-state", examples.resolve("cluster-state").toString(),
        "--dns-state", examples.resolve("dns-state/example.com.zone").toString(),
        "-f", examples.resolve("manifests").toString());
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(0, 5)))
        .containsExactly("ALLOW", "DENY ", "ALLOW", "DENY ", "DENY ", "DENY ");
  }
}
