package io.openova.dnsguard.reconciler.provider.support;

import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.reconciler.provider.Capabilities;
import io.openova.dnsguard.reconciler.provider.ChangeBatch;
import io.openova.dnsguard.reconciler.provider.DnsProvider;
import io.openova.dnsguard.reconciler.provider.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads through, writes nothing: every batch it is given is recorded instead of applied. The one
 * dry-run switch for all providers.
 */
public final class DryRunProvider implements DnsProvider {

  /** A batch that would have been applied. */
  public record Recorded(Zone zone, ChangeBatch batch) {}

  private final DnsProvider delegate;
  private final List<Recorded> recorded = new ArrayList<>();

  public DryRunProvider(DnsProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<Zone> zones() {
    return delegate.zones();
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    return delegate.records(zone);
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public synchronized void apply(Zone zone, ChangeBatch batch) {
    recorded.add(new Recorded(zone, batch));
  }

  /** What would have been applied, in order. */
  public synchronized List<Recorded> recorded() {
    return List.copyOf(recorded);
  }
}
