package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads through, writes nothing: every batch it is given is recorded instead of applied. The one
 * dry-run switch for all providers.
 */
public final class DryRunProvider extends ForwardingProvider {

  /** A batch that would have been applied. */
  public record Recorded(Zone zone, ChangeBatch batch) {}

  private final List<Recorded> recorded = new ArrayList<>();

  public DryRunProvider(DnsProvider delegate) {
    super(delegate);
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
