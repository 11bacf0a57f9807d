package io.openova.dnsguard.webhook;

import io.openova.dnsguard.policies.claim.SourceObject;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import io.openova.dnsguard.webhook.review.AdmissionReviewCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** decision → response under each action: Enforce denies, Warn admits with warnings, Audit admits silently. */
class PolicyReviewerActionsTest {

  private static PolicyEvaluator evaluator(String action, Map<String, Object> domainExtra) throws Exception {
    Map<String, Object> domain = new java.util.HashMap<>(Map.of("suffix", "example.com",
        "namespaces", List.of("team-a", "team-b")));
    domain.putAll(domainExtra);
    return new PolicyEvaluator(PolicyLoader.fromMap(Map.of(
        "apiVersion", "dnsguard.openova.io/v1alpha1", "kind", "DNSPolicy", "metadata", Map.of("name", "unit"),
        "spec", Map.of("ownerId", "unit", "action", action, "domains", List.of(domain))), "unit"));
  }

  private static ClaimIndex taken() {
    ClaimIndex index = new ClaimIndex();
    index.put(ClaimExtractor.extract(SourceObject.of(new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder()
        .withNewMetadata().withNamespace("team-a").withName("api").withUid("u-a")
        .withCreationTimestamp("2026-11-20T10:00:00Z").endMetadata()
        .withNewSpec().withHostnames("api.example.com").endSpec().build()).orElseThrow()));
    return index;
  }

  private static AdmissionResponse review(PolicyEvaluator evaluator) throws Exception {
    String body = """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "u1", "kind": {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "HTTPRoute"},
                     "namespace": "team-b", "name": "api", "operation": "CREATE",
                     "object": {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                                "metadata": {"name": "api", "namespace": "team-b"},
                                "spec": {"hostnames": ["api.example.com"]}}}}""";
    return new PolicyReviewer(() -> evaluator, taken(), DnsView.EMPTY, DnsFailurePolicy.FAIL)
        .review(AdmissionReviewCodec.read(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void review_warn_admitsWithAShortWarningNamingTheCollision() throws Exception {
    AdmissionResponse response = review(evaluator("Warn", Map.of()));

    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).containsExactly("dnsguard first-claim: \"api.example.com\" is claimed by HTTPRoute team-a/api");
    assertThat(response.outcome()).isEqualTo("warned");
    assertThat(new String(AdmissionReviewCodec.write(response), StandardCharsets.UTF_8))
        .contains("\"allowed\":true").contains("\"warnings\":[\"dnsguard first-claim:");
  }

  @Test
  void review_audit_admitsSilently() throws Exception {
    AdmissionResponse response = review(evaluator("Audit", Map.of()));

    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).isEmpty();
    assertThat(response.outcome()).isEqualTo("audited");
    assertThat(response.flagged()).containsExactly(new AdmissionResponse.Flagged("first-claim", "Audit"));
  }

  @Test
  void review_domainEnforceUnderAWarnPolicy_denies() throws Exception {
    AdmissionResponse response = review(evaluator("Warn", Map.of("action", "Enforce")));

    assertThat(response.allowed()).isFalse();
    assertThat(response.code()).isEqualTo(409);
    assertThat(response.message()).isEqualTo(
        "hostname \"api.example.com\" is already claimed by HTTPRoute team-a/api (since 2026-11-20T10:00:00Z)");
    assertThat(response.outcome()).isEqualTo("denied");
  }
}
