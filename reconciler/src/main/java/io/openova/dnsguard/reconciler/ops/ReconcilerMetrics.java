package io.openova.dnsguard.reconciler.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.openova.dnsguard.policies.audit.AuditReport;
import io.openova.dnsguard.policies.audit.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.reconciler.loop.ZoneOutcome;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reconciler's Prometheus metrics, fed as a {@link SyncListener}: changes applied by zone,
 * record type and kind of change; sync duration; errors by stage; changes waiting; the time of the
 * last successful sync; objects denied and records refused in the last sync; leadership.
 */
public final class ReconcilerMetrics implements SyncListener {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer duration = Timer.builder("dnsguard_reconciler_sync_duration")
      .description("Time of one sync: read zones, decide, plan, apply")
      .publishPercentileHistogram()
      .register(registry);
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong lastSuccess = new AtomicLong();
  private final AtomicInteger denied = new AtomicInteger();
  private final AtomicInteger conflicts = new AtomicInteger();
  private final AtomicInteger leader = new AtomicInteger();
  private final AtomicLong lastAudit = new AtomicLong();
  private final MultiGauge auditViolations = MultiGauge.builder("dnsguard_reconciler_audit_violations")
      .description("Results of the last background audit (one per object and rule), by rule and namespace")
      .register(registry);

  public ReconcilerMetrics() {
    Gauge.builder("dnsguard_reconciler_queue_depth", pending, AtomicInteger::get)
        .description("Source changes waiting for the next sync").register(registry);
    Gauge.builder("dnsguard_reconciler_last_successful_sync_timestamp_seconds", lastSuccess, AtomicLong::get)
        .description("Unix time of the last sync that applied everything it planned (0: none yet)").register(registry);
    Gauge.builder("dnsguard_reconciler_denied_objects", denied, AtomicInteger::get)
        .description("Objects the policy denied in the last sync (not synced)").register(registry);
    Gauge.builder("dnsguard_reconciler_conflicts", conflicts, AtomicInteger::get)
        .description("Desired record sets the planner refused in the last sync").register(registry);
    Gauge.builder("dnsguard_reconciler_leader", leader, AtomicInteger::get)
        .description("1 while this replica leads (writes DNS)").register(registry);
    Gauge.builder("dnsguard_reconciler_last_audit_timestamp_seconds", lastAudit, AtomicLong::get)
        .description("Unix time of the last background audit (0: none yet)").register(registry);
  }

  /** The last background audit: its results by rule and namespace (series of vanished pairs go away). */
  public void audited(AuditReport report) {
    Map<List<String>, Long> counts = new HashMap<>();
    for (Finding finding : report.findings()) {
      counts.merge(List.of(finding.rule().id(), finding.object().namespace()), 1L, Long::sum);
    }
    auditViolations.register(counts.entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("rule", e.getKey().get(0), "namespace", e.getKey().get(1)), e.getValue()))
        .toList(), true);
    lastAudit.set(report.time().getEpochSecond());
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  public void leading(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  @Override
  public void pending(int changes) {
    pending.set(changes);
  }

  @Override
  public void synced(SyncReport report) {
    duration.record(report.took());
    denied.set(report.decisions().denied().size());
    conflicts.set(report.zones().stream().mapToInt(z -> z.plan().conflicts().size()).sum());
    for (ZoneOutcome zone : report.zones()) {
      switch (zone) {
        case ZoneOutcome.Applied applied -> applied(applied);
        case ZoneOutcome.Failed failed -> error(failed.error().retryable() ? "apply_transient" : "apply_refused");
        case ZoneOutcome.Unsafe unsafe -> error("unsafe_plan");
        case ZoneOutcome.Stale stale -> error("stale_zone_cache");
        case ZoneOutcome.Unchanged unchanged -> {}
      }
    }
    if (!report.failed()) {
      lastSuccess.set(report.started().plus(report.took()).getEpochSecond());
    }
  }

  @Override
  public void failed(RuntimeException error, Duration took) {
    duration.record(took);
    error("read");
  }

  // Counted by type and change first: a first sync applies tens of thousands, a counter look-up each is not free.
  private void applied(ZoneOutcome.Applied zone) {
    Map<Applied, Long> counts = new HashMap<>();
    for (Change change : zone.plan().changes()) {
      String kind = switch (change) {
        case Change.Create c -> "create";
        case Change.Update u -> "update";
        case Change.Delete d -> "delete";
      };
      counts.merge(new Applied(change.type().name(), kind), 1L, Long::sum);
    }
    counts.forEach((applied, count) -> Counter.builder("dnsguard_reconciler_changes_applied")
        .description("Record-set changes applied, by zone, record type and change")
        .tag("zone", zone.zone().name().value())
        .tag("type", applied.type())
        .tag("change", applied.change())
        .register(registry)
        .increment(count));
  }

  private record Applied(String type, String change) {}

  private void error(String stage) {
    Counter.builder("dnsguard_reconciler_sync_errors")
        .description("Syncs that did not apply everything, by stage")
        .tag("stage", stage.toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }
}
