package io.openova.dnsguard.provider;

import io.openova.dnsguard.policies.plan.RecordSet;

/**
 * A DNS provider: reads zones and applies changes. Decorators from {@code provider.support}
 * (retry, rate limiting, dry run) wrap it without the implementation knowing.
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
   * {@code batch} made ready to apply: {@link #apply}'s work short of sending (encoding its
   * requests) done now, on the caller's thread, so that a caller writing one batch while it
   * prepares the next keeps the provider busy with requests ready to leave. Applying the result is
   * {@link #apply}; the default prepares nothing ahead. Nothing is sent before {@link
   * Prepared#apply()}.
   */
  default Prepared prepare(Zone zone, ChangeBatch batch) {
    return () -> apply(zone, batch);
  }

  /**
   * {@link #prepare} with the result dropped: a fresh process rehearses with it before it reports
   * ready, so that its first real write does not run that code cold (interpreted). Nothing leaves
   * the process.
   */
  default void rehearse(Zone zone, ChangeBatch batch) {
    prepare(zone, batch);
  }

  /** A batch ready to send ({@link #prepare}). */
  @FunctionalInterface
  interface Prepared {
    /**
     * Sends it, as {@link DnsProvider#apply} would.
     *
     * @throws ProviderException as {@link DnsProvider#apply}
     */
    void apply();
  }
}
