package io.openova.dnsguard.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.reconciler.audit.AuditPublisher;
import io.openova.dnsguard.reconciler.audit.ReportTarget;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.reconciler.ops.ReconcilerMetrics;
import io.openova.dnsguard.kube.PolicySource;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.ReportCrds;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background audit on a real API server with the real OpenReports CRD: conflicts that got in
 * while no webhook ran are listed in their namespace's Report with the denial's message, the Report
 * is updated in place across audits (server-side apply, one object, same uid), a resolved conflict
 * leaves it, and the Report disappears with the last one. The DNSPolicy status carries the summary.
 */
@RealKubeApiServer
@RealPowerDns
class AuditReportsTest {
  private static final String ZONE = "e2e-audit.test";
  private static final Duration SOON = Duration.ofSeconds(30);
  private static final ResourceDefinitionContext REPORTS = new ResourceDefinitionContext.Builder()
      .withGroup("openreports.io").withVersion("v1alpha1").withKind("Report").withPlural("reports")
      .withNamespaced(true).build();

  @Test
  void conflictsAdmittedWithoutWebhook_areReportedUpdatedInPlaceAndRemovedWhenResolved(KubeApiServer kube,
      PowerDnsServer pdns, @TempDir Path dir) throws Exception {
    KubernetesClient client = kube.client();
    kube.installCrds(ReportCrds.locate().openReportsFiles());
    Cluster first = new Cluster(client, "e2e-audit-a");
    Cluster later = new Cluster(client, "e2e-audit-b");
    new Dns(pdns, ZONE);
    String policyYaml = """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: audit-e2e}
        spec:
          ownerId: us
          txtPrefix: "_externaldns."
          action: Audit
          domains:
            - {suffix: %s, namespaces: [e2e-audit-a, e2e-audit-b]}
        """.formatted(ZONE);
    client.load(new ByteArrayInputStream(policyYaml.getBytes(StandardCharsets.UTF_8))).serverSideApply();
    PolicyEvaluator policy = new PolicyEvaluator(PolicyLoader.load(Files.writeString(dir.resolve("policy.yaml"), policyYaml)));

    first.gateway("gw", "192.0.2.10");
    later.gateway("gw", "192.0.2.11");
    HTTPRoute owner = first.route("api", "gw", Map.of(), "api." + ZONE, "www." + ZONE);
    olderBySecond(owner); // creationTimestamp has one-second resolution; a tie would be decided by uid
    HTTPRoute api = later.route("api", "gw", Map.of(), "api." + ZONE);
    HTTPRoute www = later.route("www", "gw", Map.of(), "www." + ZONE);
    String since = " (since " + owner.getMetadata().getCreationTimestamp() + ")";

    ReconcilerMetrics metrics = new ReconcilerMetrics();
    AuditPublisher audit = new AuditPublisher(client, ReportTarget.AUTO, Optional.of("audit-e2e"), () -> policy,
        metrics::audited, Duration.ofMillis(1), Clock.systemUTC());
    try (InProcessReconciler reconciler = new InProcessReconciler(client, policy, Dns.provider(pdns),
        DomainFilter.of(List.of(ZONE)), SyncMode.SYNC, Duration.ofMillis(200), List.of(audit))) {
      Await.until(SOON, "a Report in e2e-audit-b listing both later routes",
          () -> results(client, "e2e-audit-b").size() == 2, () -> reports(client, "e2e-audit-b"));

      GenericKubernetesResource report = onlyReport(client, "e2e-audit-b");
      assertThat(report.getMetadata().getName()).isEqualTo("dnsguard-audit-e2e");
      assertThat(results(client, "e2e-audit-b")).containsExactly(
          "HTTPRoute/api first-claim fail: hostname \"api." + ZONE + "\" is already claimed by HTTPRoute e2e-audit-a/api" + since,
          "HTTPRoute/www first-claim fail: hostname \"www." + ZONE + "\" is already claimed by HTTPRoute e2e-audit-a/api" + since);
      assertThat(reports(client, "e2e-audit-a")).as("the first claimant breaks nothing").isEmpty();
      assertThat(report.getAdditionalProperties().get("summary")).asInstanceOf(InstanceOfAssertFactories.MAP)
          .containsEntry("fail", 2);
      // What we applied is what the real CRD accepts, field by field.
      GenericKubernetesResource copy = new GenericKubernetesResource();
      copy.setApiVersion(report.getApiVersion());
      copy.setKind(report.getKind());
      copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("strict-copy")
          .withNamespace("e2e-audit-b").build());
      copy.setAdditionalProperties(report.getAdditionalProperties());
      client.resource(copy).dryRun().fieldValidation(FieldValidateable.Validation.STRICT).create();

      // More audits: the same object is updated, never a second one.
      String uid = report.getMetadata().getUid();
      for (int round = 0; round < 3; round++) {
        int before = reconciler.syncs.get();
        later.touchGateway("gw");
        Await.until(SOON, "another sync", () -> reconciler.syncs.get() > before);
      }
      Await.until(SOON, "the status summary", () -> status(client).containsKey("lastAuditTime"), () -> status(client));
      assertThat(reports(client, "e2e-audit-b")).hasSize(1);
      assertThat(onlyReport(client, "e2e-audit-b").getMetadata().getUid()).isEqualTo(uid);
      // The suite's API server is shared: other classes' objects are audited too. Ours are two of the results.
      int violations = (Integer) status(client).get("violations");
      assertThat(violations).as("the status counts every result of every report").isEqualTo(allResults(client));
      assertThat(violations).isGreaterThanOrEqualTo(2);
      assertThat(metrics.scrape()).contains(
          "dnsguard_reconciler_audit_violations{namespace=\"e2e-audit-b\",rule=\"first-claim\"} 2.0");

      later.delete(www);
      Await.until(SOON, "the resolved conflict leaves the Report",
          () -> results(client, "e2e-audit-b").size() == 1, () -> results(client, "e2e-audit-b"));
      assertThat(onlyReport(client, "e2e-audit-b").getMetadata().getUid()).as("updated in place").isEqualTo(uid);
      assertThat(results(client, "e2e-audit-b")).singleElement().asString().startsWith("HTTPRoute/api first-claim");

      later.delete(api);
      Await.until(SOON, "the Report disappears with the last conflict",
          () -> reports(client, "e2e-audit-b").isEmpty(), () -> reports(client, "e2e-audit-b"));
      Await.until(SOON, "the status counts two results fewer",
          () -> Integer.valueOf(violations - 2).equals(status(client).get("violations")), () -> status(client));
    } finally {
      audit.close();
    }
  }

  /** Waits until objects created now are stamped a later second than {@code owner}. */
  static void olderBySecond(HasMetadata owner) throws InterruptedException {
    java.time.Instant created = java.time.Instant.parse(owner.getMetadata().getCreationTimestamp());
    while (!java.time.Instant.now().isAfter(created.plusSeconds(1))) {
      Thread.sleep(50);
    }
  }

  private static List<GenericKubernetesResource> reports(KubernetesClient client, String namespace) {
    return client.genericKubernetesResources(REPORTS).inNamespace(namespace)
        .withLabel("app.kubernetes.io/managed-by", "dnsguard").list().getItems();
  }

  private static GenericKubernetesResource onlyReport(KubernetesClient client, String namespace) {
    List<GenericKubernetesResource> reports = reports(client, namespace);
    assertThat(reports).hasSize(1);
    return reports.getFirst();
  }

  @SuppressWarnings("unchecked")
  private static int allResults(KubernetesClient client) {
    return client.genericKubernetesResources(REPORTS).inAnyNamespace()
        .withLabel("dnsguard.openova.io/policy", "audit-e2e").list().getItems().stream()
        .mapToInt(r -> ((List<?>) r.getAdditionalProperties().getOrDefault("results", List.of())).size()).sum();
  }

  /** "Kind/name rule result: message" per result of the namespace's reports. */
  @SuppressWarnings("unchecked")
  private static List<String> results(KubernetesClient client, String namespace) {
    return reports(client, namespace).stream()
        .flatMap(r -> ((List<Map<String, Object>>) r.getAdditionalProperties().getOrDefault("results", List.of())).stream())
        .map(result -> {
          Map<String, Object> resource = ((List<Map<String, Object>>) result.get("resources")).getFirst();
          return resource.get("kind") + "/" + resource.get("name") + " " + result.get("rule") + " " + result.get("result")
              + ": " + result.get("message");
        })
        .sorted()
        .collect(Collectors.toList());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(KubernetesClient client) {
    GenericKubernetesResource policy = client.genericKubernetesResources(PolicySource.DNS_POLICY).withName("audit-e2e").get();
    Map<String, Object> status = (Map<String, Object>) policy.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status.getOrDefault("audit", Map.of());
  }

}
