package io.openova.dnsguard.reconciler;

import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.reconciler.loop.ZoneOutcome;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One log line per sync that changed something or failed, and per zone read whole; quiet syncs for changes log at FINE. */
final class SyncLog implements SyncListener {
  private static final Logger LOG = Logger.getLogger("io.openova.dnsguard.reconciler.sync");

  @Override
  public void synced(SyncReport report) {
    for (ZoneOutcome zone : report.zones()) {
      switch (zone) {
        case ZoneOutcome.Applied applied -> LOG.info(() -> "zone " + applied.zone() + ": applied "
            + applied.plan().changes().size() + " changes in " + report.took().toMillis() + " ms ("
            + report.scope().label() + ", CPU " + report.cpu().toMillis() + " ms)");
        case ZoneOutcome.Failed failed -> LOG.warning(() -> "zone " + failed.zone() + ": "
            + failed.plan().changes().size() + " changes not applied, retrying with back-off: " + failed.error().getMessage());
        case ZoneOutcome.Unsafe unsafe -> LOG.severe(() -> "zone " + unsafe.zone()
            + ": refused to apply a plan that breaks the safety rules (a bug; nothing written): " + unsafe.violations());
        case ZoneOutcome.Stale stale -> LOG.info(() -> "zone " + stale.zone() + ": " + stale.names()
            + " changed since the zone was read; reading it again before writing");
        case ZoneOutcome.Unchanged unchanged -> LOG.log(report.readWhole() ? Level.INFO : Level.FINE, () -> "zone "
            + unchanged.zone() + ": in sync (" + report.scope().label() + " of "
            + report.took().toMillis() + " ms, CPU " + report.cpu().toMillis() + " ms)");
      }
    }
  }

  @Override
  public void failed(RuntimeException error, Duration took) {
    LOG.warning(() -> "sync failed after " + took.toMillis() + " ms, retrying with back-off: " + error);
  }
}
