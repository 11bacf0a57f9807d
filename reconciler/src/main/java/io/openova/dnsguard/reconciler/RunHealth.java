package io.openova.dnsguard.reconciler;

import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.kube.ops.HealthState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Readiness of {@code dnsguard run}: caches synced and a policy loaded, and syncs not failing for
 * longer than {@code grace}. Liveness never depends on any of it: a slow API server or an
 * unreachable provider make the pod not-ready, never restarted.
 */
final class RunHealth implements SyncListener {
  private final HealthState health;
  private final Duration grace;
  private final Clock clock;
  private volatile boolean inputsReady;
  private volatile @Nullable Instant failingSince;
  private volatile String failure = "";

  RunHealth(HealthState health, Duration grace, Clock clock) {
    this.health = health;
    this.grace = grace;
    this.clock = clock;
  }

  void inputs(boolean ready, String why) {
    inputsReady = ready;
    if (!ready) {
      health.markNotReady(why);
    } else {
      refresh();
    }
  }

  @Override
  public void synced(SyncReport report) {
    if (report.failed()) {
      failing(report.zones().stream().filter(z -> !(z instanceof io.openova.dnsguard.reconciler.loop.ZoneOutcome.Applied
          || z instanceof io.openova.dnsguard.reconciler.loop.ZoneOutcome.Unchanged)).findFirst()
          .map(Object::toString).orElse("a zone failed"));
    } else {
      failingSince = null;
      refresh();
    }
  }

  @Override
  public void failed(RuntimeException error, Duration took) {
    failing(String.valueOf(error.getMessage()));
  }

  private void failing(String why) {
    if (failingSince == null) {
      failingSince = clock.instant();
    }
    failure = why;
    refresh();
  }

  private void refresh() {
    if (!inputsReady) {
      return;
    }
    Instant since = failingSince;
    if (since != null && since.plus(grace).isBefore(clock.instant())) {
      health.markNotReady("DNS syncs failing since " + since + ": " + failure);
    } else {
      health.markReady();
    }
  }
}
