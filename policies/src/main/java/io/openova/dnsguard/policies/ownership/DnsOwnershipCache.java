package io.openova.dnsguard.policies.ownership;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.openova.dnsguard.policies.name.Hostname;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * DNS-side ownership, cached per zone with Caffeine: a zone's records are loaded in bulk by the
 * {@link ZoneLoader} (provider I/O lives with the provider), decoded once into a {@link
 * ZoneOwnership}, refreshed ahead of expiry in the background (readers keep the old snapshot until the
 * new one is in), and bounded in the number of zones kept.
 *
 * <p>Every failure to read is a {@link DnsUnreadableException}: a loader that throws (whatever it
 * throws), a snapshot not loaded within {@code loadWait} (a provider that hangs keeps loading in
 * the background; readers do not wait for it), a snapshot expired while refreshes failed. A failed
 * background refresh keeps the last snapshot until it expires.
 */
public final class DnsOwnershipCache implements DnsView {

  /** Lists all records of a zone; called on a miss and for background refreshes. */
  @FunctionalInterface
  public interface ZoneLoader {
    List<DnsRecord> load(Hostname zone) throws Exception;
  }

  private final List<Hostname> zones; // longest first: the first suffix match is the zone
  private final AsyncLoadingCache<Hostname, ZoneOwnership> snapshots;
  private final Duration loadWait;

  /** Timing and threads of a cache: {@code executor} runs the (blocking) loads, {@code clock} ages snapshots. */
  public record Timing(Duration refreshAfter, Duration expireAfter, Duration loadWait, Executor executor, Clock clock) {}

  public DnsOwnershipCache(
      Set<Hostname> zones,
      ZoneLoader loader,
      Function<ZoneRecords, ZoneOwnership> decoder,
      Timing timing,
      long maximumZones) {
    this.zones = zones.stream().sorted(Comparator.comparingInt(Hostname::labelCount).reversed()).toList();
    this.loadWait = timing.loadWait();
    this.snapshots =
        Caffeine.newBuilder()
            .maximumSize(maximumZones)
            .refreshAfterWrite(timing.refreshAfter())
            .expireAfterWrite(timing.expireAfter())
            .executor(timing.executor())
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(timing.clock().millis()))
            .recordStats()
            .buildAsync(zone -> decoder.apply(new ZoneRecords(zone, load(loader, zone))));
  }

  private static List<DnsRecord> load(ZoneLoader loader, Hostname zone) {
    try {
      return loader.load(zone);
    } catch (Exception e) {
      throw new DnsUnreadableException(
          "the records of zone " + zone.value() + " cannot be read: " + DnsUnreadableException.reason(e), e);
    }
  }

  /** Hits, misses, loads and load failures of the per-zone snapshots, for metrics. */
  public CacheStats stats() {
    return snapshots.synchronous().stats();
  }

  /** The zone {@code name} falls in, if it is one of ours. */
  public Optional<Hostname> zoneOf(Hostname name) {
    return zones.stream().filter(name::isWithin).findFirst();
  }

  /** Drops a zone's snapshot, e.g. after this process wrote to it. */
  public void invalidate(Hostname zone) {
    snapshots.synchronous().invalidate(zone);
  }

  private ZoneOwnership snapshot(Hostname zone) {
    try {
      return snapshots.get(zone).get(loadWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
          : e.getCause() == null ? e : e.getCause();
      if (cause instanceof DnsUnreadableException unreadable) {
        throw unreadable;
      }
      throw new DnsUnreadableException("the records of zone " + zone.value() + " cannot be read: "
          + DnsUnreadableException.reason(cause), cause);
    } catch (TimeoutException e) {
      throw new DnsUnreadableException("the records of zone " + zone.value() + " were not read within "
          + loadWait.toMillis() + " ms (the provider is slow or hangs; still loading)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DnsUnreadableException("interrupted while reading the records of zone " + zone.value(), e);
    }
  }

  @Override
  public NameOwnership at(Hostname name) {
    Optional<Hostname> zone = zoneOf(name);
    return zone.isPresent() ? snapshot(zone.get()).at(name) : NameOwnership.empty(name);
  }
}
