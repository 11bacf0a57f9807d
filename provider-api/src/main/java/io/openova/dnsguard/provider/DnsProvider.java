package io.openova.dnsguard.provider;

import io.openova.dnsguard.policies.plan.RecordSet;

/**
 * A DNS provider: reads zones and applies changes. Decorators ({@code support.ForwardingProvider}:
 * leader-only writes, dry run) wrap it without the implementation knowing; retries and rate limits
 * are the clients' ({@code support.Calls}).
 */
public interface DnsProvider extends RecordReader {

  /**
   * The provider's spelling of a desired set, before planning (external-dns's AdjustEndpoints):
   * what the provider would store, so that plan and read-back compare equal — e.g. Cloudflare's
   * automatic TTL on proxied records. The default drops provider properties (e.g. a
   * {@code cloudflare-proxied} annotation on a PowerDNS zone), which such a provider cannot store
   * and would otherwise plan as a change on every sync.
   */
  default RecordSet adjust(RecordSet desired) {
    return desired.properties().isEmpty() ? desired
        : new RecordSet(desired.name(), desired.type(), desired.ttl(), desired.values(), java.util.Map.of());
  }

  /** What the provider can do; callers size batches and check plans with it. */
  Capabilities capabilities();

  /**
   * Applies the batch's change groups in order. Each group is applied atomically where the
   * provider supports it ({@link Capabilities#atomicBatches()}) and never split; a provider may
   * send a batch larger than its limits as several requests, cutting only between groups.
   *
   * @throws ProviderException when a request is refused or fails; groups before the failing
   *     request have been applied, and the message says how many
   */
  void apply(Zone zone, ChangeBatch batch);

  /**
   * {@link #apply} in two steps, for a caller that writes a zone's batches one after another: the
   * batch encoded into the provider's requests now (nothing leaves the process), and the returned
   * write sending them, run once the writes before it are done. So the next batch is encoded while
   * one is with the provider, instead of between the two. The default encodes nothing ahead: its
   * write is {@code apply}. A decorator that changes what {@code apply} does must wrap the write.
   */
  default Runnable prepare(Zone zone, ChangeBatch batch) {
    return () -> apply(zone, batch);
  }

  /**
   * {@link #apply}'s own work for {@code batch} short of sending it: encoding it into the
   * provider's requests. A fresh process rehearses with it before it reports ready, so that its
   * first real write does not run that code cold (interpreted). Nothing leaves the process; the
   * default does nothing.
   */
  default void rehearse(Zone zone, ChangeBatch batch) {}
}
