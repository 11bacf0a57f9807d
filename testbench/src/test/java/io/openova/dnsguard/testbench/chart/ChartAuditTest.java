package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.testbench.HelmChart;
import io.openova.dnsguard.testbench.ReportCrds;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The roll-out parts of the chart: actions, report RBAC, the optional OpenReports CRDs, the Grafana dashboard. */
@RealKubeApiServer
class ChartAuditTest {
  private static final String NS = "chart-audit";

  @Test
  void policyActions_perPolicyAndDomain_areRenderedAndAcceptedByTheCrd(KubernetesClient client) {
    Rendered rendered = Charts.render("act", NS, Map.of(
        "policy.action", "Warn",
        "policy.domains[0].suffix", "apps.example.com",
        "policy.domains[0].namespaces[0]", "team-a",
        "policy.domains[0].action", "Audit"));
    String policy = rendered.documents().stream().filter(d -> d.kind().equals("DNSPolicy"))
        .map(Rendered.Document::yaml).findFirst().orElseThrow();

    assertThat(HelmChart.validate(client, policy)).isEmpty();
    assertThat(Rendered.field(rendered.generic("DNSPolicy", "act-dnsguard"), "spec", "action")).isEqualTo("Warn");
    assertThat(Rendered.field(rendered.generic("DNSPolicy", "act-dnsguard"), "spec", "domains")).asString()
        .contains("action=Audit");
    assertThat(Rendered.field(Charts.render("act", NS, Map.of()).generic("DNSPolicy", "act-dnsguard"), "spec", "action"))
        .isEqualTo("Enforce");
  }

  @Test
  void reconcilerRole_withReports_mayWriteReportsAndThePolicyStatusOnly() {
    List<String> granted = rules(Charts.render("dg", NS, Map.of()).one(ClusterRole.class, "dg-dnsguard-reconciler"));
    List<String> webhook = rules(Charts.render("dg", NS, Map.of()).one(ClusterRole.class, "dg-dnsguard-webhook"));
    List<String> none = rules(Charts.render("dg", NS, Map.of("audit.reports", "none"))
        .one(ClusterRole.class, "dg-dnsguard-reconciler"));

    assertThat(granted).contains("openreports.io/reports:patch", "openreports.io/clusterreports:delete",
        "wgpolicyk8s.io/policyreports:patch", "dnsguard.openova.io/dnspolicies/status:patch");
    assertThat(granted).doesNotContain("dnsguard.openova.io/dnspolicies:patch", "dnsguard.openova.io/dnspolicies:update");
    assertThat(webhook).noneMatch(r -> r.startsWith("openreports.io") || r.contains("status"));
    assertThat(none).noneMatch(r -> r.startsWith("openreports.io") || r.startsWith("wgpolicyk8s.io"))
        .contains("dnsguard.openova.io/dnspolicies/status:patch");
    assertThat(Charts.render("dg", NS, Map.of("audit.reports", "wgpolicyk8s")).container("dg-dnsguard-reconciler")
        .getArgs()).containsSequence("--reports", "wgpolicyk8s");
  }

  @Test
  void reconcilerRole_withSources_readsOnlyThoseKinds_webhookEveryKind() {
    Map<String, Object> values = Map.of("reconciler.sources[0]", "crd", "reconciler.sources[1]", "gateway-grpcroute");
    List<String> reconciler = rules(Charts.render("dg", NS, values).one(ClusterRole.class, "dg-dnsguard-reconciler"));
    List<String> webhook = rules(Charts.render("dg", NS, values).one(ClusterRole.class, "dg-dnsguard-webhook"));
    List<String> all = rules(Charts.render("dg", NS, Map.of()).one(ClusterRole.class, "dg-dnsguard-reconciler"));

    assertThat(reconciler).contains("externaldns.k8s.io/dnsendpoints:watch", "namespaces:list",
        "gateway.networking.k8s.io/grpcroutes:watch", "gateway.networking.k8s.io/gateways:watch",
        "gateway.networking.k8s.io/listenersets:list");
    assertThat(reconciler).noneMatch(r -> r.startsWith("services:") || r.contains("ingresses")
        || r.contains("httproutes") || r.contains("udproutes"));
    assertThat(webhook).contains("services:watch", "networking.k8s.io/ingresses:watch",
        "gateway.networking.k8s.io/httproutes:watch", "externaldns.k8s.io/dnsendpoints:watch");
    assertThat(all).contains("services:watch", "networking.k8s.io/ingresses:watch",
        "gateway.networking.k8s.io/udproutes:watch", "externaldns.k8s.io/dnsendpoints:watch");
    assertThat(rules(Charts.render("dg", NS, Map.of("reconciler.sources[0]", "service"))
        .one(ClusterRole.class, "dg-dnsguard-reconciler"))).noneMatch(r -> r.startsWith("gateway.networking.k8s.io"));
  }

  @Test
  void openReportsCrds_whenInstalled_areTheUpstreamFilesAndKeptOnUninstall(KubernetesClient client) throws Exception {
    ReportCrds upstream = ReportCrds.locate();
    List<Path> vendored;
    try (var files = Files.list(Charts.DIR.resolve("files/openreports"))) {
      vendored = files.sorted().toList();
    }
    assertThat(vendored).extracting(p -> p.getFileName().toString())
        .containsExactlyElementsOf(upstream.openReportsFiles().stream().map(p -> p.getFileName().toString()).toList());
    for (int i = 0; i < vendored.size(); i++) {
      assertThat(Files.readString(vendored.get(i))).as("%s is the upstream file unchanged", vendored.get(i))
          .isEqualTo(Files.readString(upstream.openReportsFiles().get(i)));
    }

    Rendered rendered = Charts.render("crd", NS, Map.of("audit.installOpenReportsCrds", "true"));
    assertThat(rendered.kindsAndNames()).contains("CustomResourceDefinition/reports.openreports.io",
        "CustomResourceDefinition/clusterreports.openreports.io");
    rendered.documents().stream().filter(d -> d.kind().equals("CustomResourceDefinition")).forEach(d ->
        assertThat(d.object().getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep"));
    assertThat(Charts.render("crd", NS, Map.of()).kinds()).doesNotContain("CustomResourceDefinition");
  }

  @Test
  void grafanaDashboard_whenEnabled_isAConfigMapForTheSidecarQueryingOurMetrics(KubernetesClient client)
      throws Exception {
    Rendered rendered = Charts.render("dg", NS, Map.of("monitoring.grafanaDashboard.enabled", "true"));
    ConfigMap dashboard = rendered.one(ConfigMap.class, "dg-dnsguard-dashboard");

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo(NS);
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName(NS).endMetadata().build()).serverSideApply();
    assertThat(HelmChart.validate(client, rendered.documents().stream().filter(d -> d.kind().equals("ConfigMap"))
        .map(Rendered.Document::yaml).findFirst().orElseThrow())).isEmpty();

    JsonNode json = JsonMapper.builder().build().readTree(dashboard.getData().get("dnsguard.json"));
    assertThat(json.path("uid").asString()).isEqualTo("dnsguard");
    List<String> expressions = new ArrayList<>();
    json.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asString())));
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(8).allMatch(e -> !e.isBlank());
    List<String> metrics = new ArrayList<>();
    Matcher metric = Pattern.compile("dnsguard_[a-z_]+").matcher(String.join("\n", expressions));
    while (metric.find()) {
      metrics.add(metric.group());
    }
    // The series the webhook and the reconciler expose (WebhookMetrics, ReconcilerMetrics).
    assertThat(metrics).contains("dnsguard_webhook_review_duration_seconds_bucket", "dnsguard_webhook_reviews_total",
        "dnsguard_webhook_violations_total", "dnsguard_reconciler_audit_violations",
        "dnsguard_reconciler_last_audit_timestamp_seconds", "dnsguard_webhook_claims_forwarded_total",
        "dnsguard_webhook_claims_forward_duration_seconds_bucket", "dnsguard_webhook_failure_policy_decisions_total");
    assertThat(Charts.render("dg", NS, Map.of()).kinds()).doesNotContain("ConfigMap");
    assertThat(Charts.render("dg", NS, Map.of("monitoring.grafanaDashboard.enabled", "true",
        "monitoring.grafanaDashboard.namespace", "monitoring")).one(ConfigMap.class, "dg-dnsguard-dashboard")
        .getMetadata().getNamespace()).isEqualTo("monitoring");
  }

  /** "group/resource:verb" for every grant of a role. */
  private static List<String> rules(ClusterRole role) {
    List<String> grants = new ArrayList<>();
    for (PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add((group.isEmpty() ? "" : group + "/") + resource + ":" + verb);
          }
        }
      }
    }
    return grants;
  }
}
