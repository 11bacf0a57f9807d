package io.openova.dnsguard.reconciler.webhookprovider;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Prometheus metrics of {@code dnsguard provider}: requests by route and status, changes written,
 * and refused changes by reason and owner id.
 */
final class ProviderMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  void request(String route, int status) {
    Counter.builder("dnsguard_provider_requests_total").description("Webhook provider requests by route and HTTP status")
        .tag("route", route).tag("status", Integer.toString(status)).register(registry).increment();
  }

  void outcome(Outcome outcome) {
    Counter.builder("dnsguard_provider_changes_applied_total").description("Record-set changes written (records and ownership TXT)")
        .register(registry).increment(outcome.applied());
    for (Refusal refusal : outcome.refused()) {
      Counter.builder("dnsguard_provider_refused_changes_total").description("Changes refused, by reason and requesting owner id")
          .tag("reason", refusal.reason().label())
          // an owner id the caller may not use is its own text: keep it out of the label set
          .tag("owner", refusal.reason() == Refusal.Reason.OWNER_NOT_ALLOWED ? "" : outcome.owner())
          .register(registry).increment();
    }
  }

  String scrape() {
    return registry.scrape();
  }
}
