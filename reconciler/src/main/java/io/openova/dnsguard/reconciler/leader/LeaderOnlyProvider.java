package io.openova.dnsguard.reconciler.leader;

import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.ForwardingProvider;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads through; writes only while {@code leading} says so, checked right before each batch, so a
 * replica that lost the lease stops writing even in the middle of a sync.
 */
public final class LeaderOnlyProvider extends ForwardingProvider {
  private final BooleanSupplier leading;

  public LeaderOnlyProvider(DnsProvider delegate, BooleanSupplier leading) {
    super(delegate);
    this.leading = leading;
  }

  @Override
  public void apply(Zone zone, ChangeBatch batch) {
    requireLeading(zone, batch);
    delegate.apply(zone, batch);
  }

  /** Encoded ahead by the provider; the leadership is checked when the write runs. */
  @Override
  public Runnable prepare(Zone zone, ChangeBatch batch) {
    Runnable write = delegate.prepare(zone, batch);
    return () -> {
      requireLeading(zone, batch);
      write.run();
    };
  }

  private void requireLeading(Zone zone, ChangeBatch batch) {
    if (!leading.getAsBoolean()) {
      throw new ProviderException.Refused(delegate.name(), zone, "apply " + batch.changeCount() + " changes", 0,
          "this replica is not the leader; the leader writes");
    }
  }
}
