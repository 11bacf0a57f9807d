package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.testbench.FreePorts;
import io.openova.dnsguard.webhook.review.AdmissionRequest;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import io.openova.dnsguard.webhook.review.AdmissionReviewCodec;
import io.openova.dnsguard.webhook.review.ReviewException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Race-free admission within one replica: the informer has not delivered anything, so only the
 * pending claims stand between two teams asking for one name.
 */
class ClaimGateTest {
  private static final PolicyEvaluator EVALUATOR = evaluator();
  private static final Duration EXPIRY = Duration.ofSeconds(10);

  private static PolicyEvaluator evaluator() {
    try {
      return new PolicyEvaluator(PolicyLoader.fromMap(Map.of(
          "apiVersion", "dnsguard.openova.io/v1alpha1", "kind", "DNSPolicy",
          "metadata", Map.of("name", "unit"),
          "spec", Map.of("ownerId", "unit",
              "domains", List.of(Map.of("suffix", "example.com", "namespaces", List.of("team-a", "team-b", "team-c")))
          )), "unit"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private final ClaimIndex index = new ClaimIndex();
  private Instant now = Instant.parse("2026-12-05T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final PolicyReviewer reviewer = new PolicyReviewer(() -> EVALUATOR, index.live(), DnsView.EMPTY,
      DnsFailurePolicy.FAIL, ClaimGate.withinReplica(index, EXPIRY, clock));
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private AdmissionResponse create(String namespace, String name, boolean dryRun, String... hostnames) {
    return reviewer.review(request(namespace, name, dryRun, hostnames));
  }

  private static AdmissionRequest request(String namespace, String name, boolean dryRun, String... hostnames) {
    String hosts = String.join("\", \"", hostnames);
    String body = """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "u-%s-%s", "kind": {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "HTTPRoute"},
                     "namespace": "%s", "name": "%s", "operation": "CREATE", "dryRun": %s,
                     "object": {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                                "metadata": {"name": "%s", "namespace": "%s", "uid": "%s-%s",
                                             "creationTimestamp": "2026-12-05T10:00:00Z"},
                                "spec": {"hostnames": ["%s"]}}}}"""
        .formatted(namespace, name, namespace, name, dryRun, name, namespace, namespace, name, hosts);
    try {
      return AdmissionReviewCodec.read(body.getBytes(StandardCharsets.UTF_8));
    } catch (ReviewException e) {
      throw new AssertionError("the test's review does not parse", e);
    }
  }

  @Test
  void create_sameNameFromAnotherNamespaceBeforeTheInformerSawTheFirst_isRefusedSayingWhatHappens() {
    assertThat(create("team-a", "shop", false, "shop.example.com").allowed()).isTrue();

    AdmissionResponse second = create("team-b", "shop", false, "shop.example.com");

    assertThat(second.allowed()).isFalse();
    assertThat(second.code()).isEqualTo(409);
    assertThat(second.message()).isEqualTo("hostname \"shop.example.com\" is being claimed right now by HTTPRoute "
        + "team-a/shop; try again if that claim does not complete");
  }

  /**
   * Reservations with the API server unreachable (nothing listens on its port): the reservation
   * cannot be made, so the review is refused with 503 and counted as the failure policy's refusal.
   */
  @Test
  void reservations_apiServerUnreachable_refusedWith503AndCounted() {
    int closed = FreePorts.find(false);
    try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl("https://127.0.0.1:" + closed).withRequestRetryBackoffLimit(0)
        .withConnectionTimeout(2_000).withRequestTimeout(2_000).build()).build()) {
      PolicyReviewer reserving = new PolicyReviewer(() -> EVALUATOR, index.live(), DnsView.EMPTY,
          DnsFailurePolicy.FAIL, ClaimGate.acrossReplicas(index, unreachable, EXPIRY, clock));
      AdmissionRequest request = request("team-a", "shop", false, "shop.example.com");

      AdmissionResponse refused = reserving.review(request);

      assertThat(refused.allowed()).isFalse();
      assertThat(refused.code()).isEqualTo(503);
      assertThat(refused.message()).startsWith("cannot reserve the names of HTTPRoute team-a/shop through the API server");
      assertThat(refused.fallbacks()).containsExactly(new AdmissionResponse.Fallback("reservation", "refused"));
      WebhookMetrics metrics = new WebhookMetrics();
      metrics.reviewed(request, refused, 1_000_000);
      assertThat(metrics.scrape())
          .contains("dnsguard_webhook_failure_policy_decisions_total{action=\"refused\",cause=\"reservation\"} 1.0");
      // the pending claim was released with the refusal: another team may have the name
      assertThat(create("team-b", "shop", false, "shop.example.com").allowed()).isTrue();
    }
  }

  @Test
  void create_wildcardCoveringAPendingName_isRefused() {
    assertThat(create("team-a", "api", false, "api.apps.example.com").allowed()).isTrue();

    AdmissionResponse wildcard = create("team-b", "all", false, "*.apps.example.com");

    assertThat(wildcard.message()).contains("hostname \"*.apps.example.com\" is being claimed right now by HTTPRoute team-a/api");
  }

  @Test
  void create_sameNamespace_sharesThePendingName() {
    assertThat(create("team-a", "shop", false, "shop.example.com").allowed()).isTrue();
    assertThat(create("team-a", "shop-paths", false, "shop.example.com").allowed()).isTrue();
  }

  @Test
  void dryRun_holdsNothing_butIsToldAboutPendingClaims() {
    assertThat(create("team-a", "shop", true, "shop.example.com").allowed()).isTrue();
    assertThat(index.pendingCount()).isZero();

    assertThat(create("team-b", "shop", false, "shop.example.com").allowed()).isTrue();
    AdmissionResponse dry = create("team-c", "shop", true, "shop.example.com");
    assertThat(dry.message()).contains("is being claimed right now by HTTPRoute team-b/shop");
  }

  @Test
  void pendingClaim_whoseObjectNeverAppears_blocksOnlyUntilTheExpiry() {
    assertThat(create("team-a", "shop", false, "shop.example.com").allowed()).isTrue();
    now = now.plus(EXPIRY).minusMillis(1);
    assertThat(create("team-b", "shop", false, "shop.example.com").allowed()).isFalse();

    now = now.plusMillis(1);

    assertThat(create("team-b", "shop", false, "shop.example.com").allowed()).isTrue();
  }

  @Test
  void informerDeliversTheObject_pendingBecomesLive_andTheRefusalNamesItAsClaimed() {
    assertThat(create("team-a", "shop", false, "shop.example.com").allowed()).isTrue();
    var ref = new io.openova.dnsguard.policies.claim.ObjectRef(io.openova.dnsguard.policies.claim.SourceKind.HTTP_ROUTE,
        "team-a", "shop", "team-a-shop", Instant.parse("2026-12-05T10:00:00Z"));
    index.put(ref, List.of(Hostname.of("shop.example.com")));

    assertThat(index.pendingCount()).isZero();
    assertThat(create("team-b", "shop", false, "shop.example.com").message())
        .contains("is already claimed by HTTPRoute team-a/shop (since 2026-12-05T10:00:00Z)");
  }

  /** 200 names, eight teams each: the reviews run at once on eight threads; one team per name gets in. */
  @Test
  void concurrentCreates_manyTeamsOneName_exactlyOneAdmitted() throws Exception {
    List<String> teams = List.of("team-a", "team-b", "team-c");
    for (int round = 0; round < 200; round++) {
      String host = "n" + round + ".example.com";
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> admitted = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String team = teams.get(i % teams.size());
        String name = "r" + i;
        admitted.add(pool.submit(() -> {
          go.await();
          return create(team, name, false, host).allowed();
        }));
      }
      go.countDown();
      List<String> winners = new ArrayList<>();
      for (int i = 0; i < admitted.size(); i++) {
        if (admitted.get(i).get()) {
          winners.add(teams.get(i % teams.size()));
        }
      }
      assertThat(winners).as(host).isNotEmpty();
      assertThat(winners.stream().distinct()).as(host).hasSize(1);
    }
  }
}
