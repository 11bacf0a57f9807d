package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The table of named {@code check} cases in {@code check-cases.yaml}, each run end to end through
 * {@link CheckCommand#run} with JSON output: files written, policy loaded, state indexed, decided.
 */
class CheckCasesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path work;

  @TestFactory
  Stream<DynamicTest> checkCases() throws Exception {
    Map<String, Object> table = loadTable();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cases = (List<Map<String, Object>>) table.get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> run(table, c)));
  }

  @SuppressWarnings("unchecked")
  private void run(Map<String, Object> table, Map<String, Object> testCase) throws Exception {
    Path dir = Files.createTempDirectory(work, "case");
    Map<String, Object> spec = (Map<String, Object>) testCase.getOrDefault("policy", table.get("defaultPolicy"));
    Map<String, Object> policy =
        Map.of("apiVersion", "dnsguard.openova.io/v1alpha1", "kind", "DNSPolicy", "metadata", Map.of("name", "test"), "spec", spec);
    Path policyFile = Files.writeString(dir.resolve("policy.yaml"), new Dump(DumpSettings.builder().build()).dumpToString(policy));
    String cluster = table.get("defaultNamespaces") + "\n---\n" + testCase.getOrDefault("cluster", "");
    Path clusterFile = Files.writeString(dir.resolve("cluster.yaml"), cluster);
    String zone = table.get("defaultZone") + "\n" + testCase.getOrDefault("dns", "");
    Path zoneFile = Files.writeString(dir.resolve("example.com.zone"), zone);
    Path manifests = Files.writeString(dir.resolve("manifests.yaml"), (String) testCase.get("manifests"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CheckCommand.COMMAND.run(
            List.of("--policy", policyFile.toString(), "--cluster-state", clusterFile.toString(), "--dns-state",
                zoneFile.toString(), "-f", manifests.toString(), "--output", "json"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(err.toString(StandardCharsets.UTF_8)).as("stderr").isEmpty();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    List<Map<String, Object>> expected = (List<Map<String, Object>>) testCase.get("expect");
    assertThat(lines).as("one decision per manifest object").hasSameSizeAs(expected);
    boolean anyDenied = false;
    for (int i = 0; i < expected.size(); i++) {
      Map<String, Object> want = expected.get(i);
      JsonNode got = lines.get(i);
      if (Boolean.TRUE.equals(want.get("allow"))) {
        assertThat(got.path("allowed").asBoolean()).as("allowed: %s", got).isTrue();
        continue;
      }
      anyDenied = true;
      assertThat(got.path("allowed").asBoolean()).as("denied: %s", got).isFalse();
      assertThat(got.path("code").asInt()).as("code: %s", got).isEqualTo(want.get("code"));
      Object message = want.get("message");
      List<String> parts = message instanceof List<?> list ? (List<String>) list : List.of((String) message);
      for (String part : parts) {
        assertThat(got.path("message").asString()).contains(part);
      }
    }
    assertThat(exit).as("exit code").isEqualTo(anyDenied ? 1 : 0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> loadTable() throws Exception {
    try (InputStream in = CheckCasesTest.class.getResourceAsStream("/check-cases.yaml")) {
      return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
    }
  }
}
