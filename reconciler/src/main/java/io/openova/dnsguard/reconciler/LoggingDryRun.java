package io.openova.dnsguard.reconciler;

import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.ForwardingProvider;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code run --dry-run}: reads through, logs each change it would make instead of making it.
 * Keeps nothing in memory: a dry run may last days.
 */
final class LoggingDryRun extends ForwardingProvider {
  private static final Logger LOG = Logger.getLogger(LoggingDryRun.class.getName());
  LoggingDryRun(DnsProvider delegate) {
    super(delegate);
  }

  @Override
  public void apply(Zone zone, ChangeBatch batch) {
    for (Change change : batch.changes()) {
      LOG.info(() -> "dry run, zone " + zone + ": would " + change);
    }
  }
}
