package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.claim.SourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code --source} names the usage texts and the chart's schema list are the ones {@link SourceKind} takes. */
class SourceNamesTest {
  private static final List<String> NAMES = Arrays.stream(SourceKind.values()).map(SourceKind::sourceName).toList();

  @Test
  void usage_ofRunAndPlan_namesEverySource() {
    for (String name : NAMES) {
      assertThat(RunCommand.USAGE).as(name).containsPattern("[ |]" + name + "[|\\]]");
      assertThat(PlanCommand.USAGE).as(name).containsPattern("[ |]" + name + "[|\\]]");
    }
  }

  @Test
  void chartSchema_sourcesEnum_isEverySource() throws Exception {
    JsonNode schema = JsonMapper.builder().build().readTree(Files.readString(Path.of("../chart/values.schema.json")));
    List<String> listed = new ArrayList<>();
    schema.at("/properties/reconciler/properties/sources/items/enum").forEach(n -> listed.add(n.asString()));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(NAMES);
  }
}
