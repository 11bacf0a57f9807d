package io.openova.dnsguard.providers.azure;

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
import io.openova.dnsguard.provider.support.Pages;
import io.openova.dnsguard.provider.support.Retrier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Azure DNS (Resource Manager, api-version 2018-05-01) as a {@link DnsProvider}. Azure writes one
 * record set per request, so a batch goes out change by change in each group's order (ownership
 * TXT first, its removal last). Every write is conditional on what was read: an update or delete
 * carries {@code If-Match} with the etag of the last listing, a create {@code If-None-Match: *};
 * a record set someone changed in between is refused (412), never overwritten, and the next sync
 * reads it again. Listings follow {@code nextLink}; requests are retried on their own (429 with
 * Retry-After, 5xx).
 */
public final class AzureProvider implements DnsProvider {

  /** Told about every write request that succeeded: for metrics and tests. */
  @FunctionalInterface
  public interface Listener {
    void wrote(Zone zone, String request);

    Listener NONE = (zone, request) -> {};
  }

  private static final int MAX_PAGES = 100_000;

  private final AzureClient client;
  private final AzureRecordMapper mapper;
  private final Retrier retrier;
  private final Listener listener;
  private final Map<String, Map<RrsetKey, String>> etags = new ConcurrentHashMap<>();

  private AzureProvider(AzureConfig config, Retrier retrier, Listener listener, Clock clock) {
    JsonMapper json = ReadLimits.providerMapper();
    this.client = new AzureClient(config, json, clock);
    this.mapper = new AzureRecordMapper(json);
    this.retrier = retrier;
    this.listener = listener;
  }

  public static AzureProvider create(AzureConfig config) {
    return create(config, Retrier.of(config.retry()), Listener.NONE, Clock.systemUTC());
  }

  public static AzureProvider create(AzureConfig config, Retrier retrier, Listener listener, Clock clock) {
    return new AzureProvider(Objects.requireNonNull(config, "config"), Objects.requireNonNull(retrier, "retrier"),
        Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public String name() {
    return AzureClient.PROVIDER;
  }

  /** One record set per request: 2 is the SPI's floor, not a batch Azure accepts. */
  @Override
  public Capabilities capabilities() {
    return new Capabilities(2, 1_000_000, false, false,
        Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT));
  }

  @Override
  public List<Zone> zones() {
    List<Zone> zones = new ArrayList<>();
    Pages.collect(next -> page(retrier.call(() -> client.zones(next))), MAX_PAGES).forEach(zone -> {
      String name = zone.path("name").asString("");
      if (Hostname.parse(name) instanceof ParsedHostname.Valid valid) {
        zones.add(new Zone(name, valid.hostname()));
      }
    });
    return List.copyOf(zones);
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    return List.copyOf(list(zone).stream().map(AzureRecordMapper.Listed::set).toList());
  }

  private List<AzureRecordMapper.Listed> list(Zone zone) {
    List<AzureRecordMapper.Listed> listed = new ArrayList<>();
    for (JsonNode node : Pages.collect(next -> page(retrier.call(() -> client.recordSets(zone, next))), MAX_PAGES)) {
      try {
        mapper.fromRecordSet(zone.name(), node).ifPresent(listed::add);
      } catch (IllegalArgumentException unreadable) {
        throw new ProviderException.Refused(name(), zone, "list record sets", 0, "record set "
            + node.path("name").asString("") + " cannot be read: " + unreadable.getMessage());
      }
    }
    Map<RrsetKey, String> known = new ConcurrentHashMap<>();
    listed.forEach(l -> known.put(l.set().key(), l.etag()));
    etags.put(zone.id(), known);
    return listed;
  }

  private static Pages.Page<JsonNode> page(JsonNode answer) {
    List<JsonNode> items = new ArrayList<>();
    answer.path("value").forEach(items::add);
    String next = answer.path("nextLink").asString("");
    return new Pages.Page<>(items, next.isEmpty() ? Optional.empty() : Optional.of(next));
  }

  @Override
  public void apply(Zone zone, ChangeBatch batch) {
    Map<RrsetKey, String> known = etags.get(zone.id());
    if (known == null) {
      list(zone); // writes are conditional on a read: read first if this provider has not
      known = etags.get(zone.id());
    }
    int done = 0;
    for (ChangeGroup group : batch.groups()) {
      try {
        for (Change change : group.changes()) {
          write(zone, change, known);
        }
      } catch (ProviderException e) {
        throw done == 0 && group.size() == 1 ? e
            : e.after("(after " + done + " of " + batch.groups().size() + " change groups had been applied)");
      } catch (IllegalArgumentException e) {
        throw new ProviderException.Refused(name(), zone, "apply " + group.name(), 0, e.getMessage());
      }
      done++;
    }
  }

  private void write(Zone zone, Change change, Map<RrsetKey, String> known) {
    RecordSet set = change.target();
    String type = set.type().name();
    String relative = AzureRecordMapper.relative(zone.name(), set.name());
    switch (change) {
      case Change.Create create -> {
        AzureClient.Written written = retrier.call(() -> client.put(zone, type, relative, Optional.empty(),
            mapper.toBody(create.set())));
        known.put(set.key(), written.etag());
        listener.wrote(zone, "PUT " + type + " " + relative);
      }
      case Change.Update update -> {
        String etag = etag(zone, set, known);
        AzureClient.Written written = retrier.call(() -> client.put(zone, type, relative, Optional.of(etag),
            mapper.toBody(update.after())));
        known.put(set.key(), written.etag());
        listener.wrote(zone, "PUT " + type + " " + relative);
      }
      case Change.Delete delete -> {
        String etag = etag(zone, set, known);
        retrier.call(() -> {
          client.delete(zone, type, relative, etag);
          return null;
        });
        known.remove(set.key());
        listener.wrote(zone, "DELETE " + type + " " + relative);
      }
    }
  }

  private String etag(Zone zone, RecordSet set, Map<RrsetKey, String> known) {
    String etag = known.get(set.key());
    if (etag == null || etag.isEmpty()) {
      throw new ProviderException.Refused(name(), zone, "write " + set.type() + " " + set.name(), 412,
          "no etag known for it: it was not there when the zone was last read");
    }
    return etag;
  }
}
