package io.openova.dnsguard.providers.route53;

import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Batching;
import io.openova.dnsguard.provider.support.ApiProvider;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Listings;
import io.openova.dnsguard.provider.support.Progress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Amazon Route53 as a {@link DnsProvider}. A batch goes out as ChangeResourceRecordSets requests —
 * each one transactional in Route53 — cut by {@link Batching} only between change groups and within
 * {@link Route53Config#maxChangesPerRequest()} Change elements, {@link
 * Route53Config#maxRecordsPerRequest()} ResourceRecord elements and {@link
 * Route53Config#maxValueCharacters()} Value characters (an UPSERT counts twice for both). Every
 * call is retried on its own ({@link Calls}): a throttled request was not
 * applied, so sending it again is safe, and a failure never replays requests that had succeeded.
 *
 * <p>Deletes carry the record set exactly as it was last listed (Route53 deletes only on an exact
 * match), so a value another tool spelled differently from dnsguard's canonical form still
 * deletes. Alias record sets and record sets with a routing policy are read, never written: a
 * batch that would change one is refused before anything is sent.
 */
public final class Route53Provider extends ApiProvider implements AutoCloseable {

  private final Route53Config config;
  private final Route53Client client;
  private final Route53RecordMapper mapper = new Route53RecordMapper();
  // Per zone id: record sets whose listing differs from dnsguard's rendering of them, as listed.
  private final ConcurrentMap<String, Map<RecordSet, Route53Rrset>> asListed = new ConcurrentHashMap<>();

  public Route53Provider(Route53Config config, Calls calls) {
    super(Route53Client.PROVIDER, Capabilities.atomic(config.maxChangesPerRequest(), config.maxValueCharacters()));
    this.config = config;
    this.client = new Route53Client(config, calls);
  }

  @Override
  public List<Zone> zones() {
    return Listings.zones(Listings.all(client::hostedZones), Route53Client.HostedZoneInfo::id,
        zone -> Route53RecordMapper.decodeName(zone.name()));
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    Map<RecordSet, Route53Rrset> divergent = new HashMap<>();
    List<RecordSet> sets = Listings.read(name(), zone, "list resource record sets",
        Listings.all(token -> client.recordSets(zone, token)),
        rrset -> "record set " + rrset.name() + " " + rrset.type(),
        rrset -> mapper.fromRrset(rrset).map(set -> {
          if (Route53RecordMapper.unmanaged(set).isEmpty() && !mapper.toRrset(set).equals(rrset)) {
            divergent.put(set, rrset);
          }
          return set;
        }));
    asListed.put(zone.id(), Map.copyOf(divergent));
    return List.copyOf(sets);
  }

  @Override
  public void apply(Zone zone, ChangeBatch batch) {
    Progress.inOrder(requests(zone, batch.groups()), Request::groups, batch.groups().size(),
        request -> client.change(zone, request.changes()));
  }

  /** One ChangeResourceRecordSets request and what it carries. */
  record Request(List<Route53Rrset.Change> changes, int groups, int records, long characters) {}

  /**
   * Cuts the groups into requests within the three limits, never splitting a group: by Change and
   * ResourceRecord elements first, then each of those by Value characters.
   *
   * @throws ProviderException.Refused when a group would change an alias or routing-policy set
   */
  List<Request> requests(Zone zone, List<ChangeGroup> groups) {
    Map<RecordSet, Route53Rrset> listed = asListed.getOrDefault(zone.id(), Map.of());
    Map<ChangeGroup, List<Route53Rrset.Change>> encoded = new IdentityHashMap<>();
    for (ChangeGroup group : groups) {
      List<Route53Rrset.Change> changes = new ArrayList<>();
      for (Change change : group.changes()) {
        RecordSet touched = switch (change) {
          case Change.Create create -> create.set();
          case Change.Update update -> update.before();
          case Change.Delete delete -> delete.set();
        };
        Optional<String> why = Route53RecordMapper.unmanaged(touched);
        if (why.isPresent()) {
          throw new ProviderException.Refused(name(), zone, "change resource record sets", 0,
              touched.name() + " " + touched.type() + " not changed: " + why.get());
        }
        changes.addAll(mapper.toChanges(change, Optional.ofNullable(listed.get(touched))));
      }
      encoded.put(group, changes);
    }
    List<Request> requests = new ArrayList<>();
    for (ChangeBatch byRecords : Batching.split(groups, config.maxChangesPerRequest(), config.maxRecordsPerRequest(),
        group -> encoded.getOrDefault(group, List.of()).stream().mapToInt(Route53RecordMapper::recordCount).sum())) {
      for (ChangeBatch request : Batching.split(byRecords.groups(), Integer.MAX_VALUE, config.maxValueCharacters(),
          group -> encoded.getOrDefault(group, List.of()).stream().mapToLong(Route53RecordMapper::valueCharacters).sum())) {
        List<Route53Rrset.Change> changes = request.groups().stream().flatMap(g -> encoded.getOrDefault(g, List.of()).stream()).toList();
        requests.add(new Request(changes, request.groups().size(),
            changes.stream().mapToInt(Route53RecordMapper::recordCount).sum(),
            changes.stream().mapToLong(Route53RecordMapper::valueCharacters).sum()));
      }
    }
    return requests;
  }

  @Override
  public void close() {
    client.close();
  }
}
