package io.openova.dnsguard.providers.google;

import io.openova.dnsguard.policies.json.ReadLimits;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
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
import io.openova.dnsguard.provider.support.Pages;
import io.openova.dnsguard.provider.support.Retrier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google Cloud DNS as a {@link DnsProvider}. A batch goes out as {@code changes.create} requests,
 * each applied atomically by Cloud DNS, cut by {@link Batching} only between change groups within
 * {@link GoogleConfig#maxChangesPerRequest()} record-set changes and {@link
 * GoogleConfig#maxRrdataBytes()} rrdata bytes. A create is an addition, a delete a deletion of the
 * set exactly as it was listed (Cloud DNS deletes only on an exact match), an update both.
 *
 * <p>Every request is retried on its own through the shared {@link Retrier} (429, 5xx, connection
 * errors). When Cloud DNS answers 412 {@code conditionNotMet} (a deletion no longer matches) or 409
 * {@code alreadyExists} (an addition exists) — typically because an earlier attempt of the same
 * request was applied but its answer lost — the zone is read again and the request rebased on what
 * it holds: changes already in effect are dropped, deletions take the values as now listed, and
 * the rest is sent once more. A set that someone else changed in between is not overwritten: the
 * request is refused and the next sync plans again from a fresh read.
 */
public final class GoogleProvider implements DnsProvider {

  /** Told about every change that Cloud DNS accepted: metrics, and tests. */
  @FunctionalInterface
  public interface Listener {
    void changed(Zone zone, int changes, Duration took);

    Listener NONE = (zone, changes, took) -> {};
  }

  private static final int MAX_PAGES = 100_000;

  private final GoogleConfig config;
  private final GoogleClient client;
  private final GoogleRecordMapper mapper;
  private final Retrier retrier;
  private final Listener listener;
  // Per zone: listed rrsets that differ on the wire from dnsguard's rendering of them, as listed
  // (deletions must match exactly; the rest render the same).
  private final ConcurrentMap<String, Map<RrsetKey, JsonNode>> listed = new ConcurrentHashMap<>();

  private GoogleProvider(GoogleConfig config, Retrier retrier, Listener listener, Clock clock) {
    JsonMapper json = ReadLimits.providerMapper();
    this.config = config;
    this.client = new GoogleClient(config, json, clock);
    this.mapper = new GoogleRecordMapper(json);
    this.retrier = retrier;
    this.listener = listener;
  }

  /** With the retries of {@link GoogleConfig#retry()}, real time, no listener. */
  public static GoogleProvider create(GoogleConfig config) {
    return create(config, Retrier.of(config.retry()), Listener.NONE, Clock.systemUTC());
  }

  public static GoogleProvider create(GoogleConfig config, Retrier retrier, Listener listener, Clock clock) {
    return new GoogleProvider(Objects.requireNonNull(config, "config"), Objects.requireNonNull(retrier, "retrier"),
        Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public String name() {
    return GoogleClient.PROVIDER;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(config.maxChangesPerRequest(), config.maxRrdataBytes(), true, false,
        Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT));
  }

  @Override
  public List<Zone> zones() {
    List<JsonNode> zones = Pages.collect(token -> retrier.call(() -> client.managedZones(token)), MAX_PAGES);
    List<Zone> out = new ArrayList<>(zones.size());
    for (JsonNode zone : zones) {
      String id = zone.path("name").asString("");
      if (!id.isEmpty() && Hostname.parse(zone.path("dnsName").asString("")) instanceof ParsedHostname.Valid valid) {
        out.add(new Zone(id, valid.hostname()));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    return List.copyOf(read(zone).values());
  }

  // Lists the zone, remembers every rrset as listed, returns the record sets by key.
  private Map<RrsetKey, RecordSet> read(Zone zone) {
    List<JsonNode> rrsets = Pages.collect(token -> retrier.call(() -> client.rrsets(zone, token)), MAX_PAGES);
    Map<RrsetKey, RecordSet> sets = new LinkedHashMap<>();
    Map<RrsetKey, JsonNode> raw = new HashMap<>();
    for (JsonNode rrset : rrsets) {
      Optional<RecordSet> set;
      try {
        set = mapper.fromRrset(rrset);
      } catch (IllegalArgumentException unreadable) {
        throw new ProviderException.Refused(name(), zone, "list rrsets", 0, "rrset " + rrset.path("name").asString("")
            + " " + rrset.path("type").asString("") + " cannot be read: " + unreadable.getMessage());
      }
      set.ifPresent(s -> {
        if (sets.putIfAbsent(s.key(), s) == null && !GoogleRecordMapper.sameOnWire(rrset, mapper.toRrset(s))) {
          raw.put(s.key(), rrset);
        }
      });
    }
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
    int groupsDone = 0;
    for (int i = 0; i < requests.size(); i++) {
      ChangeBatch request = requests.get(i);
      long start = System.nanoTime();
      try {
        send(zone, request.changes());
      } catch (ProviderException e) {
        throw i == 0 ? e : e.after("(after " + i + " of " + requests.size() + " requests, " + groupsDone + " of "
            + batch.groups().size() + " change groups, had been applied)");
      }
      groupsDone += request.groups().size();
      listener.changed(zone, request.changeCount(), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  // One changes.create, rebased once on a fresh read after 409/412.
  private void send(Zone zone, List<Change> changes) {
    try {
      retrier.call(() -> client.change(zone, body(zone, changes)));
    } catch (ProviderException e) {
      if (e.status() != 409 && e.status() != 412) {
        throw e;
      }
      List<Change> rebased = rebase(zone, changes, e);
      if (!rebased.isEmpty()) {
        retrier.call(() -> client.change(zone, body(zone, rebased)));
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

  private boolean raced(Zone zone, Change change, RecordSet current, ProviderException conflict) {
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

  /** The project's API base, for messages. */
  public String endpoint() {
    return client.describe();
  }
}
