package io.openova.dnsguard.provider;

import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The read side of a provider: what the webhook needs to look ownership records up, and the
 * reconciler to plan. Implementations are thread-safe.
 */
public interface RecordReader {

  /** A short name for messages and metrics, e.g. {@code powerdns}. */
  String name();

  /** The zones this provider serves (after any configured zone filter). */
  List<Zone> zones();

  /**
   * Every record set in {@code zone} whose name is a valid hostname, including types dnsguard
   * never writes (so the planner can see what it must not touch). TXT values are the joined
   * character strings, unquoted.
   *
   * @throws ProviderException when the provider cannot be read
   */
  List<RecordSet> records(Zone zone);

  /**
   * The record sets at {@code names} in {@code zone}, read now: what the reconciler checks before
   * creating sets it planned from a cached copy of the zone. The default reads the whole zone;
   * providers that can ask for one name cheaply do so.
   *
   * @throws ProviderException when the provider cannot be read
   */
  default List<RecordSet> records(Zone zone, Set<Hostname> names) {
    return records(zone).stream().filter(set -> names.contains(set.name())).toList();
  }

  /**
   * Every record set in {@code zone} as stored, for showing only: what {@code dnsguard provider}
   * answers external-dns's {@code GET /records} with. The default lists {@link #records(Zone)};
   * providers that can skip the canonical form do so.
   *
   * @throws ProviderException when the provider cannot be read
   */
  default List<ListedSet> listing(Zone zone) {
    return records(zone).stream().map(set -> new ListedSet(set.name().value(), set.type(), set.ttl(), set.values())).toList();
  }

  /**
   * The zone's SOA record set, read now; empty for a provider that shows none (cloud APIs). Where
   * the serial changes with every write (PowerDNS's SOA-EDIT-API), an unchanged SOA says nobody
   * wrote through the API since it was last read: one small read instead of the whole zone.
   *
   * @throws ProviderException when the provider cannot be read
   */
  default Optional<RecordSet> soa(Zone zone) {
    return records(zone, Set.of(zone.name())).stream().filter(set -> set.type() == RecordType.SOA).findFirst();
  }
}
