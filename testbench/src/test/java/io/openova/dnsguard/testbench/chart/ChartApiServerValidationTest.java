package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.openova.dnsguard.testbench.HelmChart;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object the chart renders, for each value set, judged by the real kube-apiserver: a
 * server-side dry-run create with strict field validation (unknown or misplaced fields are
 * refused). cert-manager's Certificate/Issuer and the Prometheus Operator's ServiceMonitor have no
 * CRD in the test API server: they are left out here and asserted by content in
 * {@link ChartContentTest}. The certificate hooks (Jobs and their RBAC) are included: see
 * {@link Charts#WITH_HOOKS}.
 */
@RealKubeApiServer
class ChartApiServerValidationTest {
  private static final AtomicInteger RELEASES = new AtomicInteger();

  static Stream<Arguments> valueSets() {
    return Stream.of(
        Arguments.of("defaults", Map.of(), List.of()),
        Arguments.of("cert-manager", Map.of(), List.of(Charts.resource("cert-manager.yaml"))),
        Arguments.of("cloudflare", Map.of(), List.of(Charts.resource("cloudflare.yaml"))),
        Arguments.of("dmz placement", Map.of(), List.of(Charts.resource("dmz.yaml"))),
        Arguments.of("route53 with static keys", Map.of(
            "provider.name", "route53", "provider.route53.region", "eu-central-1",
            "provider.route53.assumeRoleArn", "arn:aws:iam::123456789012:role/dns",
            "provider.route53.credentialsSecret.name", "aws-credentials"), List.of()),
        Arguments.of("google with key file", Map.of(
            "provider.name", "google", "provider.google.project", "dns-project",
            "provider.google.credentialsSecret.name", "gcp-key"), List.of()),
        Arguments.of("azure workload identity", Map.of(
            "provider.name", "azure", "provider.azure.subscriptionId", "sub", "provider.azure.resourceGroup", "dns",
            "provider.azure.workloadIdentity.enabled", "true", "provider.azure.workloadIdentity.clientId", "cid"),
            List.of()),
        Arguments.of("hetzner, webhook without look-ups", Map.of(
            "provider.name", "hetzner", "provider.hetzner.tokenSecret.name", "hcloud", "webhook.providerLookups", "false"),
            List.of()),
        Arguments.of("seed example (PowerDNS)", Map.of(), List.of(Path.of("../chart/examples/values-seed.yaml"))),
        Arguments.of("seed example (Cloudflare, reconciler only)", Map.of(),
            List.of(Path.of("../chart/examples/values-seed-cloudflare.yaml"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void template_withValueSet_everyObjectIsAcceptedByTheApiServer(
      String name, Map<String, ?> values, List<Path> files, KubernetesClient client) {
    String namespace = "chart-valid-" + RELEASES.incrementAndGet();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();

    Rendered rendered = Charts.renderWithHooks("dg" + RELEASES.get(), namespace, values, files);
    List<String> refused = HelmChart.validate(client, rendered.yamlWithout(Charts.NOT_SERVED));

    assertThat(refused).as(name).isEmpty();
    assertThat(rendered.kinds()).as(name).contains("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
        "RoleBinding", "Deployment");
  }

  @Test
  void template_withDefaults_rendersEveryPartOfTheInstall() {
    Rendered rendered = Charts.renderWithHooks("parts", "chart-parts", Map.of(), List.of());

    assertThat(rendered.kindsAndNames()).containsExactlyInAnyOrder(
        "ServiceAccount/parts-dnsguard-webhook", "ServiceAccount/parts-dnsguard-reconciler",
        "ServiceAccount/parts-dnsguard-certs",
        "ClusterRole/parts-dnsguard-webhook", "ClusterRole/parts-dnsguard-reconciler", "ClusterRole/parts-dnsguard-certs",
        "ClusterRoleBinding/parts-dnsguard-webhook", "ClusterRoleBinding/parts-dnsguard-reconciler",
        "ClusterRoleBinding/parts-dnsguard-certs",
        "Role/parts-dnsguard-webhook", "Role/parts-dnsguard-reconciler", "Role/parts-dnsguard-certs",
        "RoleBinding/parts-dnsguard-webhook", "RoleBinding/parts-dnsguard-reconciler", "RoleBinding/parts-dnsguard-certs",
        "Service/parts-dnsguard-webhook", "Service/parts-dnsguard-reconciler-metrics",
        "Deployment/parts-dnsguard-webhook", "Deployment/parts-dnsguard-reconciler",
        "PodDisruptionBudget/parts-dnsguard-webhook", "PodDisruptionBudget/parts-dnsguard-reconciler",
        "Job/parts-dnsguard-certs-pre", "Job/parts-dnsguard-certs-post",
        "ValidatingWebhookConfiguration/parts-dnsguard-webhook",
        "DNSPolicy/parts-dnsguard");
  }

  @Test
  void crds_inTheChart_areAcceptedByTheApiServerWithStrictValidation(KubernetesClient client) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(Charts.DIR.resolve("crds"))) {
      files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        List<HasMetadata> items = client.load(in).items();
        assertThat(items).as(file.toString()).isNotEmpty().allMatch(CustomResourceDefinition.class::isInstance);
        for (HasMetadata crd : items) {
          // Already installed by the test server: a dry-run server-side apply re-validates the whole object.
          HasMetadata applied = client.resource(crd).dryRun().fieldValidation(FieldValidateable.Validation.STRICT)
              .fieldManager("chart-test").forceConflicts().serverSideApply();
          assertThat(applied.getMetadata().getName()).isEqualTo(crd.getMetadata().getName());
        }
      }
    }
  }

  @Test
  void dnsPolicy_withDomainsAndShares_isAcceptedByItsCrd(KubernetesClient client) {
    Rendered rendered = Charts.render("pol", "chart-policy", Map.of(
        "policy.domains[0].suffix", "apps.example.com",
        "policy.domains[0].namespaceSelector.matchLabels.team", "apps",
        "policy.domains[0].wildcards", "deny",
        "policy.domains[1].suffix", "team-a.example.com",
        "policy.domains[1].namespaces[0]", "team-a",
        "policy.shares[0].hostname", "www.example.com",
        "policy.shares[0].namespaces[0]", "web-blue",
        "policy.shares[0].namespaces[1]", "web-green"));
    String policyOnly = rendered.documents().stream().filter(d -> d.kind().equals("DNSPolicy"))
        .map(Rendered.Document::yaml).findFirst().orElseThrow();

    assertThat(HelmChart.validate(client, policyOnly)).isEmpty();
    assertThat(Rendered.field(rendered.generic("DNSPolicy", "pol-dnsguard"), "spec", "domains"))
        .asString().contains("apps.example.com", "team-a.example.com");
  }

  @Test
  void validate_webhookConfigurationWithABadField_isRefused(KubernetesClient client) {
    String manifests = Charts.CHART.template("bad", "chart-bad", Map.of(), List.of());
    String vwc = Rendered.parse(manifests).documents().stream()
        .filter(d -> d.kind().equals("ValidatingWebhookConfiguration")).map(Rendered.Document::yaml)
        .findFirst().orElseThrow();
    // The checker itself must be able to fail: a wrong enum value in an otherwise rendered object.
    String broken = vwc.replace("sideEffects: None", "sideEffects: Sometimes");

    assertThat(HelmChart.validate(client, broken)).singleElement().asString().contains("sideEffects");
  }
}
