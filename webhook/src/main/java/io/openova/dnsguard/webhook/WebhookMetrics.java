package io.openova.dnsguard.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.openova.dnsguard.webhook.review.AdmissionRequest;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** The webhook's Prometheus metrics; scraped from {@code /metrics} on the http port. */
public final class WebhookMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter badRequests = Counter.builder("dnsguard_webhook_bad_requests")
      .description("Bodies that were not an AdmissionReview (malformed, too large)")
      .register(registry);
  private final ConcurrentMap<ReviewKey, Reviewed> reviews = new ConcurrentHashMap<>();
  private final ConcurrentMap<AdmissionResponse.Flagged, Counter> violations = new ConcurrentHashMap<>();
  private final ConcurrentMap<AdmissionResponse.Fallback, Counter> fallbacks = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Reviewed> forwarded = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> claimsAnswered = new ConcurrentHashMap<>();

  private record ReviewKey(String kind, AdmissionRequest.Operation operation, String decision) {}

  /** The meters of one (kind, operation, decision): a count and a latency histogram. */
  private record Reviewed(Counter count, Timer latency) {}

  /**
   * Fixed buckets from 0.5 ms to 10 s: a histogram per kind, operation and decision stays at 15
   * series instead of the ~70 of a percentile histogram.
   */
  private static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * One review answered: counted and timed by kind, operation and decision ({@code allowed},
   * {@code warned}, {@code audited}, {@code denied}); each broken rule counted with its action.
   */
  void reviewed(AdmissionRequest request, AdmissionResponse response, long nanos) {
    ReviewKey key = new ReviewKey(request.kind().kind(), request.operation(), response.outcome());
    Reviewed meters = reviews.computeIfAbsent(key, k -> new Reviewed(
        Counter.builder("dnsguard_webhook_reviews")
            .description("AdmissionReviews answered, by kind, operation and decision")
            .tags("kind", k.kind(), "operation", k.operation().name(), "decision", k.decision())
            .register(registry),
        Timer.builder("dnsguard_webhook_review_duration")
            .description("Time to decide one AdmissionReview, by kind, operation and decision")
            .tags("kind", k.kind(), "operation", k.operation().name(), "decision", k.decision())
            .serviceLevelObjectives(BUCKETS)
            .register(registry)));
    meters.count().increment();
    meters.latency().record(nanos, TimeUnit.NANOSECONDS);
    for (AdmissionResponse.Flagged flagged : response.flagged()) {
      violations.computeIfAbsent(flagged, f -> Counter.builder("dnsguard_webhook_violations")
          .description("Rules broken by reviewed objects, by rule and action (Enforce: denied, Warn: warned, Audit: admitted)")
          .tags("rule", f.rule(), "action", f.action())
          .register(registry)).increment();
    }
    for (AdmissionResponse.Fallback fallback : response.fallbacks()) {
      fallbacks.computeIfAbsent(fallback, f -> Counter.builder("dnsguard_webhook_failure_policy_decisions")
          .description("Reviews decided by a failure policy because something did not answer, by cause "
              + "(dns, leader, reservation) and action (refused; ignored: decided without it)")
          .tags("cause", f.cause(), "action", f.action())
          .register(registry)).increment();
    }
  }

  /**
   * Leader mode, a follower: one review forwarded to the claims leader, by outcome ({@code allowed}
   * or {@code denied} by the leader; {@code unavailable}: no leader answered, the failure policy
   * decided), and how long the forward took.
   */
  void forwarded(String outcome, long nanos) {
    Reviewed meters = forwarded.computeIfAbsent(outcome, o -> new Reviewed(
        Counter.builder("dnsguard_webhook_claims_forwarded")
            .description("Reviews adding a name forwarded to the claims leader, by outcome (allowed, denied, unavailable)")
            .tags("outcome", o)
            .register(registry),
        Timer.builder("dnsguard_webhook_claims_forward_duration")
            .description("Time to forward one review to the claims leader, by outcome")
            .tags("outcome", o)
            .serviceLevelObjectives(BUCKETS)
            .register(registry)));
    meters.count().increment();
    meters.latency().record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Leader mode, any replica: one call of {@code POST /claims} answered, by result ({@code allowed},
   * {@code denied}, {@code not-leader}, {@code unauthorized}, {@code bad-request}).
   */
  void claimAnswered(String result) {
    claimsAnswered.computeIfAbsent(result, r -> Counter.builder("dnsguard_webhook_claims_answered")
        .description("Forwarded claims answered on /claims, by result (allowed, denied, not-leader, unauthorized, bad-request)")
        .tags("result", r)
        .register(registry)).increment();
  }

  /** Exposes the DNS-side cache: look-ups answered from cache, zone loads from the provider, failures. */
  void dnsCache(ProviderDnsView view) {
    FunctionCounter.builder("dnsguard_webhook_dns_cache_hits", view, v -> v.stats().hitCount())
        .description("DNS ownership look-ups answered from a cached zone").register(registry);
    FunctionCounter.builder("dnsguard_webhook_dns_cache_misses", view, v -> v.stats().missCount())
        .description("DNS ownership look-ups that had to load their zone").register(registry);
    FunctionCounter.builder("dnsguard_webhook_dns_provider_loads", view, v -> v.stats().loadCount())
        .description("Zone loads from the DNS provider (misses and refreshes)").register(registry);
    FunctionCounter.builder("dnsguard_webhook_dns_provider_load_failures", view, v -> v.stats().loadFailureCount())
        .description("Zone loads from the DNS provider that failed").register(registry);
  }

  void badRequest() {
    badRequests.increment();
  }

  String scrape() {
    return registry.scrape();
  }
}
