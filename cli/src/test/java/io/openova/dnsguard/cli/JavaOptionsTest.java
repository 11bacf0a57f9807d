package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.reconciler.Reconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The reconciler starts with {@link Reconciler#JAVA_OPTIONS} wherever it is started: the chart and the launcher. */
class JavaOptionsTest {
  @Test
  void chart_reconcilerJavaOptions_defaultToTheReconcilers() throws Exception {
    JsonNode values = YAMLMapper.builder().build().readTree(Files.readString(Path.of("../chart/values.yaml")));

    assertThat(values.at("/reconciler/javaOptions").asString()).isEqualTo(Reconciler.JAVA_OPTIONS);
    assertThat(values.at("/webhook/javaOptions").isMissingNode()).as("the webhook keeps both compilers").isTrue();
  }

  @Test
  void launcher_startsRunWithTheReconcilersOptions() throws Exception {
    String launcher = Files.readString(Path.of("../dnsguard"));
    String runOptions = launcher.substring(launcher.indexOf("run_options() {"));

    assertThat(runOptions.substring(0, runOptions.indexOf("\n}")))
        .contains("[[ $1 == run ]]").contains("'%s\\n' \"" + Reconciler.JAVA_OPTIONS + "\"");
  }
}
