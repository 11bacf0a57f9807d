package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.testbench.HungServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import io.openova.dnsguard.webhook.review.AdmissionReviewCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way the webhook's DNS side can fail, on a real PowerDNS stopped at each moment (and a
 * server that accepts connections and never answers), decided by {@code --dns-failure-policy} and
 * by nothing else: Fail denies with 503 saying what could not be read, Ignore decides on the
 * cluster's claims with a warning. The reviewer, the view and the provider are production's, so the
 * exceptions are the ones production throws.
 */
class DnsFailurePolicyTest {
  private static final Duration READ_WAIT = Duration.ofSeconds(2);
  private static PowerDnsServer pdns;
  private static PolicyEvaluator evaluator;

  private final MutableClock clock = new MutableClock();

  @BeforeAll
  static void start() throws Exception {
    pdns = PowerDnsServer.start(PowerDnsServer.Options.recommended());
    pdns.createZone("example.com");
    var seeded = pdns.api("PATCH", "/api/v1/servers/localhost/zones/example.com.", """
        {"rrsets": [
          {"name": "taken.example.com.", "type": "A", "ttl": 300, "changetype": "REPLACE",
           "records": [{"content": "198.51.100.7", "disabled": false}]},
          {"name": "_externaldns.a-taken.example.com.", "type": "TXT", "ttl": 300, "changetype": "REPLACE",
           "records": [{"content": "\\"heritage=external-dns,external-dns/owner=region-2,external-dns/resource=ingress/shop/web\\"", "disabled": false}]}
        ]}""");
    assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(204);
    evaluator = new PolicyEvaluator(PolicyLoader.fromText("""
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: failures}
        spec:
          ownerId: failures
          txtPrefix: "_externaldns."
          domains:
            - suffix: example.com
              namespaces: [team-a]
            - suffix: example.org
              namespaces: [team-a]
        """, "policy.yaml"));
  }

  @AfterAll
  static void stop() {
    pdns.close();
  }

  @BeforeEach
  void powerDnsUp() {
    if (!pdns.isRunning()) {
      pdns.restart();
    }
  }

  @AfterEach
  void powerDnsBack() {
    powerDnsUp();
  }

  private PolicyReviewer reviewer(URI api, DnsFailurePolicy policy) {
    PowerDnsProvider provider = PowerDnsProvider.create(
        PowerDnsConfig.of(api, Secret.fromEnv(Map.of("KEY", pdns.apiKey()), "KEY")));
    return new PolicyReviewer(() -> evaluator, new ClaimIndex(),
        new ProviderDnsView(provider, () -> evaluator, TxtRecordCodec.plain(), clock, READ_WAIT), policy);
  }

  private static AdmissionResponse review(PolicyReviewer reviewer, String hostname) throws Exception {
    String body = """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "u1", "kind": {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "HTTPRoute"},
           "namespace": "team-a", "name": "r", "operation": "CREATE",
           "object": {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
             "metadata": {"name": "r", "namespace": "team-a"}, "spec": {"hostnames": ["%s"]}}}}""".formatted(hostname);
    return reviewer.review(AdmissionReviewCodec.read(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** What the policy must decide for a free name whose DNS side cannot be read. */
  private static void assertDecidedByPolicy(AdmissionResponse response, DnsFailurePolicy policy, String why) {
    switch (policy) {
      case FAIL -> {
        assertThat(response.allowed()).as(response.message()).isFalse();
        assertThat(response.code()).isEqualTo(503);
        assertThat(response.message()).contains("could not be read", why, "DNS failure policy is Fail")
            .doesNotContain("internal error");
        assertThat(response.fallbacks()).as("counted by the metrics")
            .containsExactly(new AdmissionResponse.Fallback("dns", "refused"));
      }
      case IGNORE -> {
        assertThat(response.allowed()).as(response.message()).isTrue();
        assertThat(response.warnings()).singleElement().asString()
            .contains("could not be read", why, "DNS failure policy Ignore");
        assertThat(response.fallbacks()).as("counted by the metrics")
            .containsExactly(new AdmissionResponse.Fallback("dns", "ignored"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DnsFailurePolicy.class)
  void review_zoneListFails_decidedByPolicy(DnsFailurePolicy policy) throws Exception {
    PolicyReviewer reviewer = reviewer(pdns.apiUrl(), policy);
    pdns.stop();
    assertDecidedByPolicy(review(reviewer, "free.example.com"), policy, "zones of powerdns");
  }

  @ParameterizedTest
  @EnumSource(DnsFailurePolicy.class)
  void review_firstRecordsReadFails_decidedByPolicy(DnsFailurePolicy policy) throws Exception {
    PolicyReviewer reviewer = reviewer(pdns.apiUrl(), policy);
    // A name in no zone reads the zone list but no records.
    assertThat(review(reviewer, "free.example.org").allowed()).isTrue();
    pdns.stop();
    assertDecidedByPolicy(review(reviewer, "free.example.com"), policy, "zone example.com");
  }

  @ParameterizedTest
  @EnumSource(DnsFailurePolicy.class)
  void review_backgroundRefreshFails_lastSnapshotServesUntilItExpiresThenPolicy(DnsFailurePolicy policy)
      throws Exception {
    PolicyReviewer reviewer = reviewer(pdns.apiUrl(), policy);
    assertThat(review(reviewer, "free.example.com").allowed()).isTrue();
    pdns.stop();

    clock.advance(ProviderDnsView.REFRESH_AFTER.plusSeconds(1));
    assertThat(review(reviewer, "free.example.com").allowed()).isTrue(); // refresh starts, fails in the background
    AdmissionResponse taken = review(reviewer, "taken.example.com");
    assertThat(taken.allowed()).isFalse();
    assertThat(taken.message()).contains("region-2"); // the last snapshot still knows the other owner

    clock.advance(ProviderDnsView.EXPIRE_AFTER);
    assertDecidedByPolicy(review(reviewer, "free.example.com"), policy, "zone example.com");
  }

  @ParameterizedTest
  @EnumSource(DnsFailurePolicy.class)
  void review_providerHangs_decidedByPolicyWithinTheReadWait(DnsFailurePolicy policy) throws Exception {
    try (HungServer hung = new HungServer()) {
      PolicyReviewer reviewer = reviewer(hung.uri(), policy);
      assertDecidedByPolicy(review(reviewer, "free.example.com"), policy, "not listed within");
      assertThat(hung.accepted()).isPositive();
    }
  }

  /** A clock the test moves: snapshot ages and the zone list's age follow it. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-05T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
