package io.openova.dnsguard.providers.azure;

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
import io.openova.dnsguard.provider.support.ApiProvider;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Listings;
import io.openova.dnsguard.provider.support.Names;
import io.openova.dnsguard.provider.support.Pages;
import io.openova.dnsguard.provider.support.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Azure DNS (Resource Manager, api-version 2018-05-01) as a {@link DnsProvider}. Azure writes one
 * record set per request, so a batch goes out change by change in each group's order (ownership
 * TXT first, its removal last). Every write is conditional on what was read: an update or delete
 * carries {@code If-Match} with the etag of the last listing, a create {@code If-None-Match: *};
 * a record set someone changed in between is refused (412), never overwritten, and the next sync
 * reads it again. Listings follow {@code nextLink}; requests are retried on their own ({@link Calls}:
 * 429 with Retry-After, 5xx).
 */
public final class AzureProvider extends ApiProvider {

  private final AzureClient client;
  private final AzureRecordMapper mapper;
  private final Map<String, Map<RrsetKey, String>> etags = new ConcurrentHashMap<>();

  public AzureProvider(AzureConfig config, Calls calls) {
    super(AzureClient.PROVIDER, Capabilities.nonAtomic(2, 1_000_000));
    JsonMapper json = ReadLimits.providerMapper();
    this.client = new AzureClient(config, json, calls);
    this.mapper = new AzureRecordMapper(json);
  }

  @Override
  public List<Zone> zones() {
    // Azure names a zone by its apex.
    return Listings.zones(Listings.all(next -> page(client.zones(next))), zone -> zone.path("name").asString(""),
        zone -> zone.path("name").asString(""));
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    return List.copyOf(list(zone).stream().map(AzureRecordMapper.Listed::set).toList());
  }

  private List<AzureRecordMapper.Listed> list(Zone zone) {
    List<AzureRecordMapper.Listed> listed = Listings.read(name(), zone, "list record sets",
        Listings.all(next -> page(client.recordSets(zone, next))),
        node -> "record set " + node.path("name").asString(""), node -> mapper.fromRecordSet(zone.name(), node));
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
      known = Objects.requireNonNull(etags.get(zone.id()), "list(zone) records the zone's etags");
    }
    int done = 0;
    for (ChangeGroup group : batch.groups()) {
      try {
        for (Change change : group.changes()) {
          write(zone, change, known);
        }
      } catch (ProviderException e) {
        throw done == 0 && group.size() == 1 ? e : e.after(Progress.groups(done, batch.groups().size()));
      } catch (IllegalArgumentException e) {
        throw new ProviderException.Refused(name(), zone, "apply " + group.name(), 0, String.valueOf(e.getMessage()));
      }
      done++;
    }
  }

  private void write(Zone zone, Change change, Map<RrsetKey, String> known) {
    RecordSet set = change.target();
    String type = set.type().name();
    String relative = Names.relative(zone.name(), set.name());
    switch (change) {
      case Change.Create create -> {
        known.put(set.key(), client.put(zone, type, relative, Optional.empty(), mapper.toBody(create.set())).etag());
      }
      case Change.Update update -> {
        String etag = etag(zone, set, known);
        known.put(set.key(), client.put(zone, type, relative, Optional.of(etag), mapper.toBody(update.after())).etag());
      }
      case Change.Delete delete -> {
        String etag = etag(zone, set, known);
        client.delete(zone, type, relative, etag);
        known.remove(set.key());
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
