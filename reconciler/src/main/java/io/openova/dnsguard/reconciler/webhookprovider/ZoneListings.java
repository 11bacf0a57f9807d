package io.openova.dnsguard.reconciler.webhookprovider;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ListedSet;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The zones as listed for external-dns's {@code GET /records}, kept between its syncs: every sync
 * of every external-dns starts with that request, and at 10k names a zone is 3.6 MB to read and
 * encode, while most syncs find nothing changed.
 *
 * <p>A listing is served again while the zone's SOA is the one read just before it was listed:
 * PowerDNS bumps the serial on every API write (SOA-EDIT-API), so one small read says nobody wrote
 * since. After a write of dnsguard's own the zone is listed again in the background, so the next
 * sync finds it ready. A zone whose SOA does not change with our write keeps no serial: it is
 * listed on every request. A write that does not bump the serial (a database edited by hand) is
 * seen within {@link #KEPT}. Nothing is decided from a listing: {@link ChangeGuard} reads the zone
 * fresh before every write.
 */
final class ZoneListings {
  private static final Logger LOG = Logger.getLogger(ZoneListings.class.getName());

  /** The longest a listing is served, whatever its SOA says. */
  static final Duration KEPT = Duration.ofMinutes(1);

  private final DnsProvider provider;
  private final Cache<Zone, CompletableFuture<Listing>> listings;
  private final Set<Zone> serialNotKept = ConcurrentHashMap.newKeySet();

  /** A zone's sets and the SOA read just before them (null where the provider shows none). */
  private record Listing(@Nullable RecordSet soa, List<ListedSet> sets) {}

  ZoneListings(DnsProvider provider) {
    this.provider = provider;
    this.listings = Caffeine.newBuilder().expireAfterWrite(KEPT).build();
  }

  /**
   * The zone's sets as stored: the listing kept, if its SOA is still the zone's, else a new one.
   *
   * @throws ProviderException when the provider cannot be read
   */
  List<ListedSet> sets(Zone zone) {
    @Nullable Listing kept = kept(zone);
    if (kept != null && kept.soa() != null && !serialNotKept.contains(zone) && kept.soa().equals(soa(zone))) {
      return kept.sets();
    }
    Listing fresh = list(zone);
    if (fresh.soa() != null && !serialNotKept.contains(zone)) {
      listings.put(zone, CompletableFuture.completedFuture(fresh));
    }
    return fresh.sets();
  }

  /**
   * Runs dnsguard's write to {@code zone} (returning the changes it wrote), then lists the zone
   * again in the background. The SOA read before the write tells whether the zone keeps a serial: if
   * a write of some changes left it as it was, an unchanged SOA proves nothing there, and the zone is
   * listed on every request from then on.
   *
   * @throws ProviderException when the SOA cannot be read (nothing was written), or as the write throws
   */
  int writing(Zone zone, IntSupplier write) {
    @Nullable RecordSet before = serialNotKept.contains(zone) ? null : soa(zone);
    listings.invalidate(zone);
    int written = 0;
    try {
      written = write.getAsInt();
      return written;
    } finally {
      if (!serialNotKept.contains(zone)) {
        relist(zone, written > 0 ? before : null); // a write that wrote nothing says nothing of the serial
      }
    }
  }

  private void relist(Zone zone, @Nullable RecordSet before) {
    listings.put(zone, CompletableFuture.supplyAsync(() -> {
      Listing after = list(zone);
      if (before != null && before.equals(after.soa())) {
        LOG.info(() -> "zone " + zone.name() + " keeps no serial (a write left its SOA as it was): listed on every request");
        serialNotKept.add(zone);
      }
      return after;
    }, Thread::startVirtualThread));
  }

  // The listing kept for the zone (waiting for one being made); null when none, or it failed.
  private @Nullable Listing kept(Zone zone) {
    @Nullable CompletableFuture<Listing> kept = listings.getIfPresent(zone);
    if (kept == null) {
      return null;
    }
    try {
      return kept.join();
    } catch (CompletionException failed) {
      listings.asMap().remove(zone, kept);
      return null;
    }
  }

  // The SOA first: the sets listed after it are at least as new as it says.
  private Listing list(Zone zone) {
    return new Listing(soa(zone), provider.listing(zone));
  }

  private @Nullable RecordSet soa(Zone zone) {
    Optional<RecordSet> soa = provider.soa(zone);
    return soa.orElse(null);
  }
}
