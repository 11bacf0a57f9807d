package io.openova.dnsguard.providers.google;

import io.openova.dnsguard.policies.json.ReadLimits;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.RrsetKey;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Google Cloud DNS as a {@link DnsProvider}. A batch goes out as {@code changes.create} requests,
 * each applied atomically by Cloud DNS, cut by {@link Batching} only between change groups within
 * {@link GoogleConfig#maxChangesPerRequest()} record-set changes and {@link
 * GoogleConfig#maxRrdataBytes()} rrdata bytes. A create is an addition, a delete a deletion of the
 * set exactly as it was listed (Cloud DNS deletes only on an exact match), an update both.
 *
 * <p>Every request is retried on its own ({@link Calls}) (429, 5xx, connection
 * errors). When Cloud DNS answers 412 {@code conditionNotMet} (a deletion no longer matches) or 409
 * {@code alreadyExists} (an addition exists) — typically because an earlier attempt of the same
 * request was applied but its answer lost — the zone is read again and the request rebased on what
 * it holds: changes already in effect are dropped, deletions take the values as now listed, and
 * the rest is sent once more. A set that someone else changed in between is not overwritten: the
 * request is refused and the next sync plans again from a fresh read.
 */
public final class GoogleProvider extends ApiProvider {

  private final GoogleConfig config;
  private final GoogleClient client;
  private final GoogleRecordMapper mapper;
  // Per zone: listed rrsets that differ on the wire from dnsguard's rendering of them, as listed
  // (deletions must match exactly; the rest render the same).
  private final ConcurrentMap<String, Map<RrsetKey, JsonNode>> listed = new ConcurrentHashMap<>();

  public GoogleProvider(GoogleConfig config, Calls calls) {
    super(GoogleClient.PROVIDER, Capabilities.atomic(config.maxChangesPerRequest(), config.maxRrdataBytes()));
    JsonMapper json = ReadLimits.providerMapper();
    this.config = config;
    this.client = new GoogleClient(config, json, calls);
    this.mapper = new GoogleRecordMapper(json);
  }

  @Override
  public List<Zone> zones() {
    return Listings.zones(Listings.all(client::managedZones), zone -> zone.path("name").asString(""),
        zone -> zone.path("dnsName").asString(""));
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    return List.copyOf(read(zone).values());
  }

  // Lists the zone, remembers every rrset as listed, returns the record sets by key.
  private Map<RrsetKey, RecordSet> read(Zone zone) {
    Map<RrsetKey, RecordSet> sets = new LinkedHashMap<>();
    Map<RrsetKey, JsonNode> raw = new HashMap<>();
    Listings.read(name(), zone, "list rrsets", Listings.all(token -> client.rrsets(zone, token)),
        rrset -> "rrset " + rrset.path("name").asString("") + " " + rrset.path("type").asString(""),
        rrset -> mapper.fromRrset(rrset).map(s -> {
          if (sets.putIfAbsent(s.key(), s) == null && !GoogleRecordMapper.sameOnWire(rrset, mapper.toRrset(s))) {
            raw.put(s.key(), rrset);
          }
          return s;
        }));
    listed.put(zone.id(), Map.copyOf(raw));
    return sets;
  }

  @Override
  public void apply(Zone zone, ChangeBatch batch) {
    for (ChangeGroup group : batch.groups()) {
      for (Change change : group.changes()) {
        RecordSet touched = change instanceof Change.Update update ? update.before() : change.target();
        Optional<String> why = GoogleRecordMapper.unmanaged(touched);
        if (why.isPresent()) {
          throw new ProviderException.Refused(name(), zone, "create change", 0,
              touched.name() + " " + touched.type() + " not changed: " + why.get());
        }
      }
    }
    List<ChangeBatch> requests = Batching.split(batch.groups(), config.maxChangesPerRequest(), config.maxRrdataBytes(),
        group -> group.changes().stream().mapToLong(c -> GoogleRecordMapper.rrdataBytes(mapper.toRrset(c.target()))
            + (c instanceof Change.Update u ? GoogleRecordMapper.rrdataBytes(mapper.toRrset(u.before())) : 0)).sum());
    Progress.inOrder(requests, request -> request.groups().size(), batch.groups().size(),
        request -> send(zone, request.changes()));
  }

  // One changes.create, rebased once on a fresh read after 409/412.
  private void send(Zone zone, List<Change> changes) {
    try {
      client.change(zone, body(zone, changes));
    } catch (ProviderException e) {
      if (e.status() != 409 && e.status() != 412) {
        throw e;
      }
      List<Change> rebased = rebase(zone, changes, e);
      if (!rebased.isEmpty()) {
        client.change(zone, body(zone, rebased));
      }
    }
  }

  /**
   * The changes still to make, judged on a fresh read: creates and updates already in effect and
   * deletes already done are dropped; the rest stand, with deletions as now listed.
   *
   * @throws ProviderException.Refused when a set was changed by someone else in between
   */
  private List<Change> rebase(Zone zone, List<Change> changes, ProviderException conflict) {
    Map<RrsetKey, RecordSet> now = read(zone);
    List<Change> out = new ArrayList<>();
    for (Change change : changes) {
      RecordSet current = now.get(change.key());
      boolean stands = switch (change) {
        case Change.Create create -> current == null ? true : current.equals(create.set()) ? false : raced(zone, change, current, conflict);
        case Change.Update update -> update.after().equals(current) ? false
            : update.before().equals(current) ? true : raced(zone, change, current, conflict);
        case Change.Delete delete -> current == null ? false : current.equals(delete.set()) ? true
            : raced(zone, change, current, conflict);
      };
      if (stands) {
        out.add(change);
      }
    }
    return out;
  }

  private boolean raced(Zone zone, Change change, @Nullable RecordSet current, ProviderException conflict) {
    throw new ProviderException.Refused(name(), zone, "create change", conflict.status(), conflict.apiError()
        + "; after a fresh read, " + change.key() + " holds " + current + " — changed by someone else since it was"
        + " read, so it is left as it is and the next sync plans again");
  }

  private JsonNode body(Zone zone, List<Change> changes) {
    Map<RrsetKey, JsonNode> asListed = listed.getOrDefault(zone.id(), Map.of());
    ObjectNode change = JsonMapper.builder().build().createObjectNode();
    change.put("kind", "dns#change");
    ArrayNode additions = change.putArray("additions");
    ArrayNode deletions = change.putArray("deletions");
    for (Change c : changes) {
      switch (c) {
        case Change.Create create -> additions.add(mapper.toRrset(create.set()));
        case Change.Update update -> {
          deletions.add(deletion(asListed, update.before()));
          additions.add(mapper.toRrset(update.after()));
        }
        case Change.Delete delete -> deletions.add(deletion(asListed, delete.set()));
      }
    }
    if (additions.isEmpty()) {
      change.remove("additions");
    }
    if (deletions.isEmpty()) {
      change.remove("deletions");
    }
    return change;
  }

  // The set as listed when it still is what was listed; dnsguard's rendering otherwise.
  private JsonNode deletion(Map<RrsetKey, JsonNode> asListed, RecordSet set) {
    JsonNode raw = asListed.get(set.key());
    if (raw != null && mapper.fromRrset(raw).filter(set::equals).isPresent()) {
      return mapper.asDeletion(raw);
    }
    return mapper.toRrset(set);
  }
}
