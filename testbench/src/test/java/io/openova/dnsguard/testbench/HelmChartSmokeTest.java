package io.openova.dnsguard.testbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real Helm on the project's chart, and its output judged by a real API server. */
@RealKubeApiServer
class HelmChartSmokeTest {
  private final HelmChart chart = new HelmChart(Path.of("../chart"), Testbin.locate().kubernetesVersion());

  @Test
  void lintStrict_onTheChart_passes() {
    assertThat(chart.lintStrict()).noneMatch(m -> m.contains("[ERROR]"));
  }

  @Test
  void template_withDefaults_isAcceptedByTheApiServer(KubernetesClient client) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dnsguard-chart")
        .endMetadata().build()).create();
    String manifests = chart.template("dnsguard", "dnsguard-chart", Map.of(), List.of());

    assertThat(manifests).contains("kind: ServiceAccount");
    assertThat(HelmChart.validate(client, manifests)).isEmpty();
  }

  @Test
  void validate_objectWithUnknownField_isRefusedByTheApiServer(KubernetesClient client) {
    String bad = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: bad
          namespace: default
        dta: {k: v}
        """;
    assertThat(HelmChart.validate(client, bad)).singleElement().asString().contains("dta");
  }

  @Test
  void template_withValueOutsideTheSchema_failsWithTheSchemasMessage() {
    assertThatThrownBy(() -> chart.template("dnsguard", "dnsguard", Map.of("image.pullPolicy", "Sometimes"), List.of()))
        .hasMessageContaining("pullPolicy");
  }
}
