package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The read side every provider shares: whole paged listings, listed zones, listed record sets. */
public final class Listings {

  /** A bound on pages; a longer listing is an error, never a silent truncation. */
  public static final int MAX_PAGES = 100_000;

  private Listings() {}

  /** Every item of a paged listing, following next-page tokens (empty: the first page). */
  public static <T> List<T> all(Function<Optional<String>, Pages.Page<T>> fetch) {
    return Pages.collect(fetch, MAX_PAGES);
  }

  /**
   * The listed zones with an id and a name that is a hostname; others are left out (dnsguard
   * cannot name records in them).
   */
  public static <T> List<Zone> zones(Iterable<T> listed, Function<T, String> id, Function<T, String> name) {
    List<Zone> zones = new ArrayList<>();
    for (T zone : listed) {
      String zoneId = id.apply(zone);
      if (!zoneId.isEmpty() && Hostname.parse(name.apply(zone)) instanceof ParsedHostname.Valid valid) {
        zones.add(new Zone(zoneId, valid.hostname()));
      }
    }
    return List.copyOf(zones);
  }

  /**
   * Listed items read one by one ({@code read} gives empty for items dnsguard does not represent);
   * an item whose value does not parse refuses the whole read, naming it, rather than planning
   * from a zone read in part.
   *
   * @param describe names an item in the message, e.g. {@code rrset api.example.com. A}
   */
  public static <T, R> List<R> read(String provider, Zone zone, String operation, Iterable<T> items,
      Function<T, String> describe, Function<T, Optional<R>> read) {
    List<R> out = new ArrayList<>();
    for (T item : items) {
      try {
        read.apply(item).ifPresent(out::add);
      } catch (IllegalArgumentException unreadable) {
        throw new ProviderException.Refused(provider, zone, operation, 0,
            describe.apply(item) + " cannot be read: " + unreadable.getMessage());
      }
    }
    return out;
  }
}
