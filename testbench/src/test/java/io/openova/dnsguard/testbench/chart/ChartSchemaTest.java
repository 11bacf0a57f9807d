package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** helm lint, and wrong values failing at template time with a message that names the value. */
class ChartSchemaTest {
  private static final String SEMVER = "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$";

  @Test
  void lintStrict_onTheChart_passesWithoutWarnings() {
    List<String> messages = Charts.CHART.lintStrict();

    assertThat(messages).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void chartYaml_versions_areSemanticAndAppVersionIsTheProjectVersion() throws Exception {
    JsonNode chart = new YAMLMapper().readTree(Charts.DIR.resolve("Chart.yaml").toFile());
    String projectVersion = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(Path.of("../pom.xml").toFile()).getDocumentElement()
        .getElementsByTagName("version").item(0).getTextContent();

    assertThat(chart.get("apiVersion").asString()).isEqualTo("v2");
    assertThat(chart.get("version").asString()).matches(SEMVER);
    assertThat(chart.get("appVersion").asString()).matches(SEMVER)
        .isEqualTo(projectVersion.replace("-SNAPSHOT", ""));
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("unknown provider", Map.of("provider.name", "bind9"),
            "at '/provider/name': value must be one of 'powerdns', 'cloudflare', 'route53', 'google', 'azure', 'hetzner', 'none'"),
        Arguments.of("negative webhook replicas", Map.of("webhook.replicaCount", -1),
            "at '/webhook/replicaCount': minimum: got -1, want 0"),
        Arguments.of("negative reconciler replicas", Map.of("reconciler.replicaCount", -2), "/reconciler/replicaCount"),
        Arguments.of("inline PowerDNS API key", Map.of("provider.powerdns.apiKey", "s3cr3t"), "apiKey"),
        Arguments.of("inline Cloudflare token", Map.of("provider.cloudflare.apiToken", "s3cr3t"), "apiToken"),
        Arguments.of("failure policy not Fail/Ignore", Map.of("webhook.failurePolicy", "Deny"), "/webhook/failurePolicy"),
        Arguments.of("webhook timeout over 30 s", Map.of("webhook.timeoutSeconds", 31), "/webhook/timeoutSeconds"),
        Arguments.of("sync mode unknown", Map.of("reconciler.syncMode", "mirror"), "/reconciler/syncMode"),
        Arguments.of("interval not a duration", Map.of("reconciler.interval", "often"), "/reconciler/interval"),
        Arguments.of("a source dnsguard does not watch", Map.of("reconciler.sources[0]", "pod"), "/reconciler/sources/0"),
        Arguments.of("owner id with a comma", Map.of("policy.ownerId", "a,b"), "/policy/ownerId"),
        Arguments.of("PowerDNS without URL", Map.of("provider.powerdns.url", ""), "/provider/powerdns/url"),
        Arguments.of("Cloudflare without token Secret", Map.of("provider.name", "cloudflare"),
            "/provider/cloudflare/apiTokenSecret/name"),
        Arguments.of("Route53 without region", Map.of("provider.name", "route53"), "/provider/route53/region"),
        Arguments.of("Azure without credentials", Map.of("provider.name", "azure", "provider.azure.subscriptionId", "s",
            "provider.azure.resourceGroup", "g"), "/provider/azure/credentialsSecret/name"),
        Arguments.of("probe period zero", Map.of("webhook.livenessProbe.periodSeconds", 0),
            "/webhook/livenessProbe/periodSeconds"),
        Arguments.of("probe field misspelt", Map.of("webhook.livenessProbe.periodSecond", 10), "periodSecond"),
        Arguments.of("unknown top-level value", Map.of("replicas", 3), "replicas"),
        Arguments.of("anti-affinity mode unknown", Map.of("webhook.podAntiAffinity", "strict"), "/webhook/podAntiAffinity"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void template_withBadValue_failsWithTheSchemasMessage(String name, Map<String, ?> values, String named) {
    assertThatThrownBy(() -> Charts.CHART.template("bad", "bad", values, List.of()))
        .as(name)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(named);
  }

  @Test
  void template_withTxtPrefixAndSuffix_failsSayingTheyAreExclusive() {
    assertThatThrownBy(() -> Charts.CHART.template("bad", "bad",
        Map.of("policy.txtPrefix", "p.", "policy.txtSuffix", "-s"), List.of()))
        .hasMessageContaining("policy.txtPrefix and policy.txtSuffix are mutually exclusive");
  }

  @Test
  void template_withReconcilerAndNoProvider_failsNamingTheFix() {
    assertThatThrownBy(() -> Charts.CHART.template("bad", "bad", Map.of("provider.name", "none"), List.of()))
        .hasMessageContaining("reconciler.enabled needs a provider");
  }

  @Test
  void template_withWebhookOnlyAndNoProvider_renders() {
    Rendered rendered = Charts.render("wh", "wh", Map.of("provider.name", "none", "reconciler.enabled", "false"));

    assertThat(rendered.container("wh-dnsguard-webhook").getArgs()).containsSequence("--provider", "none");
    assertThat(rendered.kindsAndNames()).noneMatch(k -> k.contains("reconciler"));
  }
}
