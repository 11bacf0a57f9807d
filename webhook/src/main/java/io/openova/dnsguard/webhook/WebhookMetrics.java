package io.openova.dnsguard.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.openova.dnsguard.webhook.review.AdmissionRequest;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** The webhook's Prometheus metrics; scraped from {@code /metrics} on the http port. */
public final class WebhookMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer latency = Timer.builder("dnsguard_webhook_review_duration")
      .description("Time to decide one AdmissionReview")
      .publishPercentileHistogram()
      .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25))
      .register(registry);
  private final Counter badRequests = Counter.builder("dnsguard_webhook_bad_requests")
      .description("Bodies that were not an AdmissionReview (malformed, too large)")
      .register(registry);
  private final ConcurrentMap<ReviewKey, Counter> reviews = new ConcurrentHashMap<>();

  private record ReviewKey(String kind, AdmissionRequest.Operation operation, String decision) {}

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  void reviewed(AdmissionRequest request, String decision, long nanos) {
    ReviewKey key = new ReviewKey(request.kind().kind(), request.operation(), decision);
    reviews.computeIfAbsent(key, k -> Counter.builder("dnsguard_webhook_reviews")
        .description("AdmissionReviews answered, by kind, operation and decision")
        .tag("kind", request.kind().kind())
        .tag("operation", request.operation().name())
        .tag("decision", decision)
        .register(registry)).increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
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
