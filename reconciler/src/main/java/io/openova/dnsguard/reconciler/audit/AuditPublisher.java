package io.openova.dnsguard.reconciler.audit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.audit.AuditReport;
import io.openova.dnsguard.policies.audit.Finding;
import io.openova.dnsguard.policies.audit.ReportDocuments;
import io.openova.dnsguard.policies.audit.ReportFormat;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.reconciler.loop.Decisions;
import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The background audit. Every sync already re-checks every guarded object against the cluster and
 * DNS as they are (periodically and on change, on the leader only); this listener turns its denials
 * into an {@link AuditReport} and publishes it: reports per namespace, the DNSPolicy status summary,
 * and to {@code audited} (metrics). It publishes when the findings changed, and at least every
 * {@code refresh} (a deleted report comes back, the status shows a recent audit time). Publishing
 * runs off the sync thread; a newer report replaces one still waiting.
 */
public final class AuditPublisher implements SyncListener, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AuditPublisher.class.getName());

  private final Supplier<PolicyEvaluator> policy;
  private final ReportWriter reports;
  private final Optional<PolicyStatusWriter> status;
  private final Consumer<AuditReport> audited;
  private final Duration refresh;
  private final Clock clock;
  private final Map<String, Instant> firstSeen = new HashMap<>(); // sync thread only
  private final AtomicReference<@Nullable AuditReport> waiting = new AtomicReference<>();
  private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
      .name("dnsguard-audit").daemon().unstarted(r));
  private volatile List<Finding> published = List.of();
  private volatile Instant publishedAt = Instant.EPOCH;
  private volatile boolean stale = true;

  /**
   * @param policyName the DNSPolicy resource whose status gets the summary; empty with a policy file
   * @param audited told every audit (metrics), on the sync thread
   */
  public AuditPublisher(KubernetesClient client, ReportTarget target, Optional<String> policyName,
      Supplier<PolicyEvaluator> policy, Consumer<AuditReport> audited, Duration refresh, Clock clock) {
    this.policy = policy;
    this.reports = new ReportWriter(client, target);
    this.status = policyName.map(name -> new PolicyStatusWriter(client, name));
    this.audited = audited;
    this.refresh = refresh;
    this.clock = clock;
  }

  @Override
  public void synced(SyncReport sync) {
    PolicyEvaluator rules = policy.get();
    List<Finding> findings = new ArrayList<>();
    for (Decisions.Denied denied : sync.decisions().denied()) {
      findings.addAll(AuditReport.findings(rules.policy(), denied.object(), denied.deny()));
    }
    AuditReport report = new AuditReport(rules.policy().name(), sync.started().plus(sync.took()), findings);
    Map<String, Instant> seen = new HashMap<>();
    for (Finding finding : report.findings()) {
      String key = key(finding);
      seen.put(key, firstSeen.getOrDefault(key, report.time()));
    }
    firstSeen.keySet().retainAll(seen.keySet());
    firstSeen.putAll(seen);
    audited.accept(report);
    boolean due = stale || !report.findings().equals(published)
        || Duration.between(publishedAt, clock.instant()).compareTo(refresh) >= 0;
    if (due && waiting.getAndSet(report) == null) {
      Map<String, Instant> times = Map.copyOf(firstSeen);
      publisher.execute(() -> publish(times));
    }
  }

  private static String key(Finding finding) {
    Finding.Subject o = finding.object();
    return o.kind() + "/" + o.namespace() + "/" + o.name() + "/" + o.uid() + "/" + finding.rule().id();
  }

  private void publish(Map<String, Instant> times) {
    AuditReport report = waiting.getAndSet(null);
    if (report == null) {
      return;
    }
    try {
      Optional<ReportFormat> format = reports.format();
      int failed = 0;
      try {
        if (format.isPresent()) {
          failed = reports.write(format.get(), report.policy(),
              ReportDocuments.of(report, format.get(), f -> times.getOrDefault(key(f), report.time())));
        }
      } finally {
        status.ifPresent(writer -> writer.write(report)); // the summary does not wait for the reports
      }
      published = report.findings();
      publishedAt = clock.instant();
      stale = failed > 0;
      LOG.fine(() -> "audit published: " + report.findings().size() + " result(s)"
          + format.map(f -> " as " + f.apiVersion()).orElse(", no report CRD served"));
    } catch (RuntimeException e) { // KubernetesClientException mostly; nothing may die silently on this thread
      stale = true; // the next sync tries again
      LOG.warning(() -> "cannot publish the audit (" + report.findings().size() + " result(s)); retrying after the next sync: "
          + e.getMessage());
    }
  }

  @Override
  public void close() {
    publisher.shutdown();
    try {
      publisher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
