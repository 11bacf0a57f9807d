package io.openova.dnsguard.policies.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.policies.policy.PolicyRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReportTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  private static HasMetadata route(String ns, String name, String uid, String created, String... hosts) {
    return new HTTPRouteBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid(uid)
        .withCreationTimestamp(created).endMetadata().withNewSpec().withHostnames(hosts).endSpec().build();
  }

  @Test
  void audit_olderClaimWins_laterObjectGetsOneResultPerRuleWithTheDenialsMessage(@TempDir Path dir) throws Exception {
    PolicyEvaluator rules = new PolicyEvaluator(PolicyLoader.load(Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: audit}
        spec:
          ownerId: openova
          action: Audit
          domains: [{suffix: example.com, namespaces: [team-a, team-b]}]
        """)));
    HasMetadata first = route("team-a", "api", "u1", "2026-11-20T10:00:00Z", "api.example.com", "www.example.com");
    HasMetadata later = route("team-b", "api", "u2", "2026-11-21T10:00:00Z", "api.example.com", "www.example.com",
        "other.org");
    ClaimIndex index = new ClaimIndex();
    for (HasMetadata o : List.of(first, later)) {
      SourceObject.of(o).map(ClaimExtractor::extract).ifPresent(index::put);
    }

    AuditReport report = AuditReport.audit(rules, List.of(later, first), index, DnsView.EMPTY, NOW);

    assertThat(report.findings()).extracting(f -> f.object().display() + " " + f.rule().id() + " " + f.action())
        .containsExactly("HTTPRoute team-b/api domain-permission AUDIT", "HTTPRoute team-b/api first-claim AUDIT");
    Decision.Deny denial = (Decision.Deny) rules.evaluate(AdmissionInput.audit(SourceObject.of(later).orElseThrow()), index, DnsView.EMPTY).decision();
    Finding firstClaim = report.findings().get(1);
    assertThat(denial.message()).contains(firstClaim.message());
    assertThat(firstClaim.message()).isEqualTo(
        "hostname \"api.example.com\" is already claimed by HTTPRoute team-a/api (since 2026-11-20T10:00:00Z); "
            + "hostname \"www.example.com\" is already claimed by HTTPRoute team-a/api (since 2026-11-20T10:00:00Z)");
    assertThat(firstClaim.hostnames()).extracting(h -> h.value()).containsExactly("api.example.com", "www.example.com");
    assertThat(report.countsByRule()).containsExactly(Map.entry(PolicyRule.DOMAIN_PERMISSION, 1L),
        Map.entry(PolicyRule.FIRST_CLAIM, 1L));
    assertThat(report.byNamespace()).containsOnlyKeys("team-b");
  }

  @Test
  void findings_objectWithThousandsOfNames_keepsTheMessageAndNamesSmall(@TempDir Path dir) throws Exception {
    PolicyEvaluator rules = new PolicyEvaluator(PolicyLoader.load(Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: big}
        spec:
          ownerId: openova
          domains: [{suffix: example.com, namespaces: [team-a]}]
        """)));
    String[] names = new String[2000];
    for (int i = 0; i < names.length; i++) {
      names[i] = "n" + i + ".example.com";
    }
    HasMetadata outsider = route("team-x", "many", "u9", "2026-11-21T10:00:00Z", names);

    List<Finding> findings = AuditReport.audit(rules, List.of(outsider), new ClaimIndex(), DnsView.EMPTY, NOW).findings();

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.hostnames()).hasSize(20);
      assertThat(f.message()).startsWith("namespace \"team-x\" may not claim \"n0.example.com\"")
          .endsWith("; and 1995 more name(s) for the same reason")
          .hasSizeLessThan(1000);
    });
  }

  @Test
  void reportDocuments_manyFindings_arePagedPerNamespaceWithStableNames() {
    List<Finding> findings = new java.util.ArrayList<>();
    for (int i = 0; i < ReportDocuments.PAGE + 3; i++) {
      findings.add(new Finding(new Finding.Subject("v1", "Service", "big", "s" + i, "u" + i), PolicyRule.FIRST_CLAIM,
          io.openova.dnsguard.policies.policy.Action.ENFORCE, io.openova.dnsguard.policies.policy.DenyCode.CONFLICT,
          List.of(), "hostname \"x\" is already claimed"));
    }
    findings.add(new Finding(new Finding.Subject("example.io/v1", "Thing", "", "t", "u"), PolicyRule.DNS_OWNERSHIP,
        io.openova.dnsguard.policies.policy.Action.WARN, io.openova.dnsguard.policies.policy.DenyCode.CONFLICT,
        List.of(), "hostname \"t\" is owned by external-dns owner \"b\""));

    List<Map<String, Object>> documents = ReportDocuments.of(new AuditReport("p", NOW, findings),
        ReportFormat.OPEN_REPORTS, f -> NOW);

    assertThat(documents).extracting(d -> d.get("kind") + " " + ((Map<?, ?>) d.get("metadata")).get("name"))
        .containsExactly("ClusterReport dnsguard-p", "Report dnsguard-p", "Report dnsguard-p-2");
    assertThat(documents.get(1).get("results")).asList().hasSize(ReportDocuments.PAGE);
    assertThat(documents.get(2).get("summary")).isEqualTo(Map.of("pass", 0, "fail", 3, "warn", 0, "error", 0, "skip", 0));
    assertThat(ReportDocuments.name("x".repeat(300), 1)).hasSize(253).endsWith("-2");
  }
}
