package io.openova.dnsguard.reconciler.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.reconciler.loop.Decisions;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.reconciler.loop.ZoneOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerMetricsTest {

  @Test
  void synced_changesApplied_countedByZoneTypeAndChange() {
    ReconcilerMetrics metrics = new ReconcilerMetrics();
    List<ChangeGroup> groups = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RecordSet a = RecordSet.of("n" + i + ".example.org", RecordType.A, 300, "192.0.2." + i);
      groups.add(new ChangeGroup(a.name(), List.of(new Change.Create(a))));
    }
    RecordSet gone = RecordSet.of("old.example.org", RecordType.A, 300, "192.0.2.9");
    groups.add(new ChangeGroup(gone.name(), List.of(new Change.Delete(gone))));
    Zone zone = new Zone("example.org.", Hostname.of("example.org"));
    Plan plan = new Plan(zone.name(), groups, List.of());

    metrics.synced(report(new ZoneOutcome.Applied(zone, plan)));
    metrics.synced(report(new ZoneOutcome.Applied(zone, plan)));

    assertThat(metrics.scrape())
        .contains("dnsguard_reconciler_changes_applied_total{change=\"create\",type=\"A\",zone=\"example.org\"} 6.0")
        .contains("dnsguard_reconciler_changes_applied_total{change=\"delete\",type=\"A\",zone=\"example.org\"} 2.0")
        .doesNotContain("change=\"update\"");
  }

  private static SyncReport report(ZoneOutcome outcome) {
    return new SyncReport(Instant.EPOCH, Duration.ofMillis(5), new Decisions(List.of(), List.of()), List.of(outcome));
  }
}
