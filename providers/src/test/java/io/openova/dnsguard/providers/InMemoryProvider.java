package io.openova.dnsguard.providers;

import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.RrsetKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A provider in memory that validates what it is given, like external-dns's inmemory provider:
 * a create of an existing set, an update or delete that does not match the set as stored, or two
 * changes of one set in a batch are refused, and the batch applies all-or-nothing per request.
 */
public final class InMemoryProvider implements DnsProvider {

  private final Map<Zone, Map<RrsetKey, RecordSet>> zones = new LinkedHashMap<>();
  private final Capabilities capabilities;
  private final List<Integer> requests = new ArrayList<>();
  private int throttled;
  private int passing = -1;

  public InMemoryProvider(int maxChangesPerRequest) {
    capabilities = new Capabilities(maxChangesPerRequest, 1_000_000, true, false,
        Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT));
  }

  public synchronized Zone addZone(String name) {
    Zone zone = new Zone(name + ".", Hostname.of(name));
    zones.put(zone, new TreeMap<>());
    return zone;
  }

  /** Writes sets directly, as another tool would. */
  public synchronized void seed(Zone zone, List<RecordSet> sets) {
    sets.forEach(s -> zone(zone).put(s.key(), s));
  }

  /** The next {@code calls} calls fail as throttled (429, Retry-After 7 s) before doing anything. */
  public synchronized void throttleNext(int calls) {
    throttled = calls;
  }

  /** Write requests fail with a server error (nothing applied) once {@code passing} more went through. */
  public synchronized void failRequestsAfter(int passing) {
    this.passing = passing;
  }

  public synchronized void clearFaults() {
    throttled = 0;
    passing = -1;
  }

  private void maybeThrottled(String operation) {
    if (throttled > 0) {
      throttled--;
      throw new ProviderException.Transient(name(), null, operation, 429, "throttled", java.time.Duration.ofSeconds(7),
          null);
    }
  }

  public synchronized List<Integer> requests() {
    return List.copyOf(requests);
  }

  @Override
  public String name() {
    return "inmemory";
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public synchronized List<Zone> zones() {
    maybeThrottled("list zones");
    return List.copyOf(zones.keySet());
  }

  @Override
  public synchronized List<RecordSet> records(Zone zone) {
    maybeThrottled("read zone");
    return List.copyOf(zone(zone).values());
  }

  @Override
  public synchronized void apply(Zone zone, ChangeBatch batch) {
    maybeThrottled("apply");
    List<ChangeGroup> request = new ArrayList<>();
    int size = 0;
    for (ChangeGroup group : batch.groups()) {
      if (size + group.size() > capabilities.maxChangesPerRequest() && !request.isEmpty()) {
        applyRequest(zone, request);
        request = new ArrayList<>();
        size = 0;
      }
      request.add(group);
      size += group.size();
    }
    if (!request.isEmpty()) {
      applyRequest(zone, request);
    }
  }

  private void applyRequest(Zone zone, List<ChangeGroup> groups) {
    if (passing == 0) {
      throw new ProviderException.Transient(name(), zone, "apply", 500, "server error (injected)", null, null);
    }
    if (passing > 0) {
      passing--;
    }
    Map<RrsetKey, RecordSet> copy = new TreeMap<>(zone(zone));
    Set<RrsetKey> seen = new HashSet<>();
    int count = 0;
    for (ChangeGroup group : groups) {
      for (Change change : group.changes()) {
        count++;
        if (!seen.add(change.key())) {
          throw refused(zone, change, "changed twice in one request");
        }
        if (!change.name().isWithin(zone.name())) {
          throw refused(zone, change, "outside the zone");
        }
        RecordSet stored = copy.get(change.key());
        switch (change) {
          case Change.Create create -> {
            if (stored != null) {
              throw refused(zone, change, "exists");
            }
            copy.put(create.key(), create.set());
          }
          case Change.Update update -> {
            if (!update.before().equals(stored)) {
              throw refused(zone, change, "does not match " + stored);
            }
            copy.put(update.key(), update.after());
          }
          case Change.Delete delete -> {
            if (!delete.set().equals(stored)) {
              throw refused(zone, change, "does not match " + stored);
            }
            copy.remove(delete.key());
          }
        }
      }
    }
    zones.put(zone, copy);
    requests.add(count);
  }

  private ProviderException refused(Zone zone, Change change, String why) {
    return new ProviderException.Refused(name(), zone, "apply", 0, change + ": " + why);
  }

  private Map<RrsetKey, RecordSet> zone(Zone zone) {
    Map<RrsetKey, RecordSet> sets = zones.get(zone);
    if (sets == null) {
      throw new ProviderException.Refused(name(), zone, "read zone", 404, "no such zone");
    }
    return sets;
  }
}
