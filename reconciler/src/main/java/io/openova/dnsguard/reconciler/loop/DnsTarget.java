package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.provider.DnsProvider;
import java.util.Objects;

/**
 * The DNS side of a sync: where records go, which zones, and what a sync may do.
 *
 * @param provider reads zones and applies batches (it splits and retries requests itself)
 * @param domains the zones and names this reconciler manages
 * @param mode sync, upsert-only or create-only
 */
public record DnsTarget(DnsProvider provider, DomainFilter domains, SyncMode mode) {
  public DnsTarget {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(domains, "domains");
    Objects.requireNonNull(mode, "mode");
  }
}
