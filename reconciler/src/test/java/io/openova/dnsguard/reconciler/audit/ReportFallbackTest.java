package io.openova.dnsguard.reconciler.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.reconciler.loop.Decisions;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.ReportCrds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where only the older {@code wgpolicyk8s.io} PolicyReport CRD is served (clusters with a Kyverno
 * older than 1.15), the audit writes PolicyReports; where no report CRD is served, it writes none
 * and fails nothing. Its own API server: the suite's shared one has the OpenReports CRD.
 */
class ReportFallbackTest {

  @Test
  void autoTarget_onlyPolicyReportCrd_writesPolicyReportsAndNoneBeforeItExists(@TempDir Path dir) throws Exception {
    try (KubeApiServer kube = KubeApiServer.start(List.of(Path.of("../chart/crds/dnspolicies.dnsguard.openova.io.yaml")),
        List.of())) {
      KubernetesClient client = kube.client();
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-b").endMetadata().build())
          .create();
      PolicyEvaluator policy = new PolicyEvaluator(PolicyLoader.load(Files.writeString(dir.resolve("p.yaml"), """
          apiVersion: dnsguard.openova.io/v1alpha1
          kind: DNSPolicy
          metadata: {name: legacy}
          spec:
            ownerId: us
            domains: [{suffix: example.com, namespaces: [team-a, team-b], action: Warn}]
          """)));
      SyncReport sync = sync(policy);
      AuditPublisher audit = new AuditPublisher(client, ReportTarget.AUTO, Optional.empty(), () -> policy, r -> {},
          Duration.ofMillis(1), Clock.systemUTC());
      try {
        audit.synced(sync);
        Thread.sleep(500); // nothing to wait for: no report CRD is served, so nothing may appear
        assertThat(client.getApiResources("wgpolicyk8s.io/v1alpha2")).isNull();

        kube.installCrds(ReportCrds.locate().policyReportsFiles());
        await(() -> {
          audit.synced(sync); // as the leader's syncs keep coming; discovery shows the new CRD in a moment
          return !policyReports(client).isEmpty();
        });

        GenericKubernetesResource report = policyReports(client).getFirst();
        assertThat(report.getKind()).isEqualTo("PolicyReport");
        assertThat(report.getMetadata().getName()).isEqualTo("dnsguard-legacy");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = ((List<Map<String, Object>>) report.getAdditionalProperties().get("results")).getFirst();
        assertThat(result).containsEntry("rule", "first-claim").containsEntry("result", "fail")
            .containsEntry("properties", Map.of("action", "Warn", "code", "409", "hostnames", "api.example.com"));
        assertThat((String) result.get("message"))
            .isEqualTo("hostname \"api.example.com\" is already claimed by HTTPRoute team-a/api (since 2026-11-20T10:00:00Z)");
      } finally {
        audit.close();
      }
    }
  }

  private static SyncReport sync(PolicyEvaluator policy) {
    HasMetadata owner = route("team-a", "api", "u1", "2026-11-20T10:00:00Z");
    HasMetadata later = route("team-b", "api", "u2", "2026-11-21T10:00:00Z");
    ClaimIndex index = new ClaimIndex();
    SourceObject laterSource = SourceObject.of(later).orElseThrow();
    index.put(ClaimExtractor.extract(SourceObject.of(owner).orElseThrow()));
    index.put(ClaimExtractor.extract(laterSource));
    Decision.Deny deny = (Decision.Deny) policy.evaluate(AdmissionInput.audit(laterSource), index, DnsView.EMPTY).decision();
    Decisions decisions = new Decisions(List.of(), List.of(new Decisions.Denied(later, laterSource.ref(), deny)));
    return new SyncReport(Instant.now(), Duration.ofMillis(5), decisions, List.of());
  }

  private static HasMetadata route(String namespace, String name, String uid, String created) {
    return new HTTPRouteBuilder().withApiVersion("gateway.networking.k8s.io/v1").withKind("HTTPRoute")
        .withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).withCreationTimestamp(created)
        .endMetadata().withNewSpec().withHostnames("api.example.com").endSpec().build();
  }

  private static List<GenericKubernetesResource> policyReports(KubernetesClient client) {
    return client.genericKubernetesResources(ReportWriter.context(
        io.openova.dnsguard.policies.audit.ReportFormat.POLICY_REPORT, false)).inNamespace("team-b").list().getItems();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("not within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
