package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsUnreadableException;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import io.openova.dnsguard.webhook.review.AdmissionReviewCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyReviewerTest {
  private static final PolicyEvaluator EVALUATOR = evaluator();

  private static PolicyEvaluator evaluator() {
    try {
      return new PolicyEvaluator(PolicyLoader.fromMap(Map.of(
          "apiVersion", "dnsguard.openova.io/v1alpha1", "kind", "DNSPolicy",
          "metadata", Map.of("name", "unit"),
          "spec", Map.of("ownerId", "unit",
              "domains", List.of(Map.of("suffix", "example.com", "namespaces", List.of("team-a"))))), "unit"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A provider that cannot be reached and has nothing cached: what ProviderDnsView then throws. */
  private static final DnsView UNREACHABLE = name -> {
    ProviderException refused = new ProviderException.Transient("powerdns", null, "read zone", 0,
        "connection refused", null, new java.net.ConnectException("connection refused"));
    throw new DnsUnreadableException("the records of zone example.com cannot be read: " + refused.getMessage(), refused);
  };

  private static AdmissionResponse review(PolicyReviewer reviewer, String kindJson, String objectJson) throws Exception {
    String body = """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "u1", "kind": %s, "namespace": "team-a", "name": "x", "operation": "CREATE",
                     "object": %s}}""".formatted(kindJson, objectJson);
    return reviewer.review(AdmissionReviewCodec.read(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static final String ROUTE_KIND = """
      {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "HTTPRoute"}""";

  private static String route(String hostname) {
    return """
        {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
         "metadata": {"name": "x", "namespace": "team-a"}, "spec": {"hostnames": ["%s"]}}""".formatted(hostname);
  }

  @Test
  void review_unknownKind_isAllowedWithNoClaims() throws Exception {
    PolicyReviewer reviewer = new PolicyReviewer(() -> EVALUATOR, new ClaimIndex(), UNREACHABLE, DnsFailurePolicy.FAIL);
    AdmissionResponse response = review(reviewer, """
        {"group": "", "version": "v1", "kind": "ConfigMap"}""", """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "team-a"}}""");
    assertThat(response.allowed()).isTrue();
  }

  @Test
  void review_objectTheModelCannotRead_isA422NamingTheObject() throws Exception {
    PolicyReviewer reviewer = new PolicyReviewer(() -> EVALUATOR, new ClaimIndex(), DnsView.EMPTY, DnsFailurePolicy.FAIL);
    AdmissionResponse response = review(reviewer, ROUTE_KIND, """
        {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
         "metadata": {"name": "x"}, "spec": {"hostnames": "not-a-list"}}""");
    assertThat(response.allowed()).isFalse();
    assertThat(response.code()).isEqualTo(422);
    assertThat(response.message()).startsWith("CREATE HTTPRoute team-a/x cannot be read")
        .endsWith("spec.hostnames must be a list, not a string");
  }

  @Test
  void review_providerUnreachableAndFailPolicy_deniesSayingWhy() throws Exception {
    PolicyReviewer reviewer = new PolicyReviewer(() -> EVALUATOR, new ClaimIndex(), UNREACHABLE, DnsFailurePolicy.FAIL);
    AdmissionResponse response = review(reviewer, ROUTE_KIND, route("api.example.com"));
    assertThat(response.allowed()).isFalse();
    assertThat(response.code()).isEqualTo(503);
    assertThat(response.message())
        .contains("DNS ownership of \"api.example.com\" could not be read: the records of zone example.com cannot be read: "
            + "powerdns: read zone failed: connection refused")
        .contains("DNS failure policy is Fail");
  }

  @Test
  void review_providerUnreachableAndIgnorePolicy_decidesOnClusterClaimsWithAWarning() throws Exception {
    PolicyReviewer reviewer = new PolicyReviewer(() -> EVALUATOR, new ClaimIndex(), UNREACHABLE, DnsFailurePolicy.IGNORE);
    AdmissionResponse allowed = review(reviewer, ROUTE_KIND, route("api.example.com"));
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.warnings()).singleElement().asString().contains("DNS failure policy Ignore");

    AdmissionResponse stillDenied = review(reviewer, ROUTE_KIND, route("api.elsewhere.org"));
    assertThat(stillDenied.allowed()).as("cluster-side rules still apply").isFalse();
  }
}
