package io.openova.dnsguard.policies.ownership;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.openova.dnsguard.policies.name.Hostname;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * DNS-side ownership, cached per zone with Caffeine: a zone's records are loaded in bulk by the
 * {@link ZoneLoader} (provider I/O lives with the provider), decoded once into a {@link
 * ZoneOwnership}, refreshed ahead of expiry in the background (readers keep the old snapshot until the
 * new one is in), and bounded in the number of zones kept.
 */
public final class DnsOwnershipCache implements DnsView {

  /** Lists all records of a zone; called on a miss and for background refreshes. */
  @FunctionalInterface
  public interface ZoneLoader {
    List<DnsRecord> load(Hostname zone) throws Exception;
  }

  private final List<Hostname> zones; // longest first: the first suffix match is the zone
  private final LoadingCache<Hostname, ZoneOwnership> snapshots;

  public DnsOwnershipCache(
      Set<Hostname> zones,
      ZoneLoader loader,
      Function<ZoneRecords, ZoneOwnership> decoder,
      Duration refreshAfter,
      Duration expireAfter,
      long maximumZones) {
    this.zones = zones.stream().sorted(Comparator.comparingInt(Hostname::labelCount).reversed()).toList();
    this.snapshots =
        Caffeine.newBuilder()
            .maximumSize(maximumZones)
            .refreshAfterWrite(refreshAfter)
            .expireAfterWrite(expireAfter)
            .recordStats()
            .build(zone -> decoder.apply(new ZoneRecords(zone, loader.load(zone))));
  }

  /** Hits, misses, loads and load failures of the per-zone snapshots, for metrics. */
  public CacheStats stats() {
    return snapshots.stats();
  }

  /** The zone {@code name} falls in, if it is one of ours. */
  public Optional<Hostname> zoneOf(Hostname name) {
    return zones.stream().filter(name::isWithin).findFirst();
  }

  /** Drops a zone's snapshot, e.g. after this process wrote to it. */
  public void invalidate(Hostname zone) {
    snapshots.invalidate(zone);
  }

  @Override
  public NameOwnership at(Hostname name) {
    Optional<Hostname> zone = zoneOf(name);
    return zone.isPresent() ? snapshots.get(zone.get()).at(name) : NameOwnership.empty(name);
  }
}
