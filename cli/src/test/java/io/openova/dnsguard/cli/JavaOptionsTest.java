package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.reconciler.Reconciler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The reconciler starts with {@link Reconciler#JAVA_OPTIONS} wherever it is started: the chart and the launcher. */
class JavaOptionsTest {
  private static final Path LAUNCHER = Path.of("../dnsguard");

  @Test
  void chart_reconcilerJavaOptions_defaultToTheReconcilers() throws Exception {
    JsonNode values = YAMLMapper.builder().build().readTree(Files.readString(Path.of("../chart/values.yaml")));

    assertThat(values.at("/reconciler/javaOptions").asString()).isEqualTo(String.join(" ", Reconciler.JAVA_OPTIONS));
    assertThat(values.at("/webhook/javaOptions").isMissingNode()).as("the webhook keeps both compilers").isTrue();
  }

  @Test
  void launcher_runOptions_areTheReconcilersForRunOnly() throws Exception {
    assertThat(runOptions("run", 25, "")).isEqualTo(Reconciler.javaOptions(25, ""))
        .containsExactly("-XX:TieredStopAtLevel=1", Reconciler.COMPACT_HEADERS);
    assertThat(runOptions("serve", 25, "")).isEmpty();
    assertThat(runOptions("provider", 25, "")).isEmpty();
  }

  @Test
  void launcher_runOptions_compactHeadersOnlyOnJdk25WithC1Alone() throws Exception {
    // A JDK 21 refuses the option and would not start at all.
    assertThat(runOptions("run", 21, "")).isEqualTo(Reconciler.javaOptions(21, "")).isEqualTo(Reconciler.JAVA_OPTIONS);
    // C2 brought back: compact headers left out (a C2 miscompile with them on some JDK 25 updates).
    assertThat(runOptions("run", 25, "-XX:TieredStopAtLevel=4"))
        .isEqualTo(Reconciler.javaOptions(25, "-XX:TieredStopAtLevel=4")).isEqualTo(Reconciler.JAVA_OPTIONS);
  }

  @Test
  void launcher_userOptions_comeAfterItsOwn() throws Exception {
    // The JVM takes the last of a repeated -XX option: DNSGUARD_JAVA_OPTS must follow run_options' output.
    assertThat(Files.readString(LAUNCHER)).containsPattern(
        "mapfile -t options < <\\(run_options \"\\$\\{1:-}\"\\)\\n\\s*exec \"\\$JAVA_HOME/bin/java\" \"\\$\\{options\\[@]}\""
            + " \\$\\{DNSGUARD_JAVA_OPTS:-}");
  }

  /**
   * The launcher's own run_options for a command on a JDK of {@code feature} release with {@code
   * DNSGUARD_JAVA_OPTS=user}, its AOT cache left out.
   */
  private static List<String> runOptions(String command, int feature, String user) throws Exception {
    String script = "eval \"$(sed -n '/^aot_options() {/,/^}/p; /^run_options() {/,/^}/p' " + LAUNCHER + ")\"\n"
        + "declare -F run_options >/dev/null || { echo 'no run_options in the launcher' >&2; exit 3; }\n"
        + "java_feature=" + feature + "; DNSGUARD_AOT=off; run_options " + command + "\n";
    ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
    builder.environment().remove("DNSGUARD_JAVA_OPTS");
    if (!user.isEmpty()) {
      builder.environment().put("DNSGUARD_JAVA_OPTS", user);
    }
    Process bash = builder.start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor()).as(out).isZero();
    return out.lines().toList();
  }
}
