package io.openova.dnsguard.providers.cloudflare;

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
import io.openova.dnsguard.providers.cloudflare.CloudflareRecordMapper.CfRecord;
import io.openova.dnsguard.providers.cloudflare.CloudflareRecordMapper.Op;
import io.openova.dnsguard.provider.support.Batching;
import io.openova.dnsguard.provider.support.ApiProvider;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Listings;
import io.openova.dnsguard.provider.support.Pages;
import io.openova.dnsguard.provider.support.Progress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cloudflare (API v4) as a {@link DnsProvider}. A batch is applied against the zone as it is at
 * apply time (one listing), as record operations sent through {@code POST
 * /zones/{id}/dns_records/batch} — one database transaction per request, at most {@link
 * CloudflareConfig#batchSize()} operations, cut only between change groups. Where the batch
 * endpoint is not available (HTTP 403, 404 or 405), and for a single group larger than a batch,
 * the operations go out one call each in the group's order (ownership record first, its removal
 * last), which is no longer atomic but never leaves records without their claim. Every request
 * is paced and retried on its own ({@link Calls}); a failure says how far the batch got.
 */
public final class CloudflareProvider extends ApiProvider {

  private static final int ZONES_PER_PAGE = 50;
  private static final Set<Integer> BATCH_UNAVAILABLE = Set.of(403, 404, 405);

  private final CloudflareConfig config;
  private final CloudflareClient client;
  private final CloudflareRecordMapper mapper;
  private volatile boolean batchUnavailable;

  public CloudflareProvider(CloudflareConfig config, Calls calls) {
    super(CloudflareClient.PROVIDER, new Capabilities(config.batchSize(), 10_000_000, true, true, CloudflareRecordMapper.WRITABLE));
    JsonMapper json = ReadLimits.providerMapper();
    this.config = config;
    this.client = new CloudflareClient(config, json,
        calls.paced(config.requestsPerSecond(), Math.max(1, (int) Math.ceil(config.requestsPerSecond() * 5))));
    this.mapper = new CloudflareRecordMapper(json, config.proxiedByDefault());
  }


  /**
   * A desired set as Cloudflare will read it back: proxy status from the {@code cloudflare-proxied}
   * property or {@code --cloudflare-proxied}, automatic TTL for proxied records. Sources' desired
   * sets should pass through this before planning (external-dns's AdjustEndpoints), or a set that
   * states the default, or a TTL on a proxied record, is planned as an update on every sync (an
   * update that costs no request: {@link #apply} finds nothing to do).
   */
  @Override
  public RecordSet adjust(RecordSet desired) {
    return mapper.adjust(desired);
  }

  @Override
  public List<Zone> zones() {
    return Listings.zones(Listings.all(token -> page(client.zones(token.map(Integer::parseInt).orElse(1), ZONES_PER_PAGE))),
        zone -> zone.path("id").asString(""), zone -> zone.path("name").asString(""));
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    try {
      return mapper.toRecordSets(list(zone));
    } catch (IllegalArgumentException unreadable) {
      throw new ProviderException.Refused(name(), zone, "list DNS records", 0,
          "a record cannot be read: " + unreadable.getMessage());
    }
  }

  @Override
  public void apply(Zone zone, ChangeBatch batch) {
    Map<RrsetKey, List<CfRecord>> actual = new TreeMap<>();
    for (CfRecord record : list(zone)) {
      actual.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record);
    }
    Map<ChangeGroup, List<List<Op>>> ops = new IdentityHashMap<>();
    List<ChangeGroup> groups = new ArrayList<>();
    for (ChangeGroup group : batch.groups()) {
      List<List<Op>> perChange = new ArrayList<>();
      for (Change change : group.changes()) {
        try {
          perChange.add(mapper.ops(change, actual.getOrDefault(change.key(), List.of())));
        } catch (IllegalStateException | IllegalArgumentException e) {
          throw new ProviderException.Refused(name(), zone, "apply " + change, 0, String.valueOf(e.getMessage()))
              .after(Progress.groups(0, batch.groups().size()));
        }
      }
      if (perChange.stream().anyMatch(o -> !o.isEmpty())) {
        ops.put(group, perChange);
        groups.add(group);
      }
    }
    List<ChangeBatch> chunks = Batching.split(groups, config.batchSize(), config.batchSize(), g -> count(ops.getOrDefault(g, List.of())));
    int done = 0;
    for (int i = 0; i < chunks.size(); i++) {
      ChangeBatch chunk = chunks.get(i);
      try {
        int operations = chunk.groups().stream().mapToInt(g -> count(ops.getOrDefault(g, List.of()))).sum();
        if (!batchUnavailable && operations <= config.batchSize() && sendBatch(zone, chunk, ops, operations)) {
          done += chunk.groups().size();
          continue;
        }
        for (ChangeGroup group : chunk.groups()) {
          sendSingly(zone, ops.getOrDefault(group, List.of()));
          done++;
        }
      } catch (ProviderException e) {
        throw done == 0 ? e : e.after(Progress.groups(done, batch.groups().size()));
      }
    }
  }

  // True when sent; false when the batch endpoint turned out to be unavailable.
  private boolean sendBatch(Zone zone, ChangeBatch chunk, Map<ChangeGroup, List<List<Op>>> ops, int operations) {
    ObjectNode body = JsonMapper.builder().build().createObjectNode();
    ArrayNode deletes = body.putArray("deletes");
    ArrayNode patches = body.putArray("patches");
    ArrayNode posts = body.putArray("posts");
    for (ChangeGroup group : chunk.groups()) {
      for (List<Op> change : ops.getOrDefault(group, List.of())) {
        for (Op op : change) {
          switch (op) {
            case Op.Delete delete -> deletes.addObject().put("id", delete.id());
            case Op.Patch patch -> patches.add(patch.fields().deepCopy().put("id", patch.id()));
            case Op.Post post -> posts.add(post.record());
          }
        }
      }
    }
    for (String empty : List.of("deletes", "patches", "posts")) {
      if (body.path(empty).isEmpty()) {
        body.remove(empty);
      }
    }
    try {
      client.batch(zone, body);
    } catch (ProviderException.Refused refused) {
      if (BATCH_UNAVAILABLE.contains(refused.status())) {
        batchUnavailable = true;
        return false;
      }
      throw refused;
    }
    return true;
  }

  private void sendSingly(Zone zone, List<List<Op>> ops) {
    for (List<Op> change : ops) {
      for (Op op : change) {
        switch (op) {
          case Op.Delete delete -> client.delete(zone, delete.id());
          case Op.Patch patch -> client.patch(zone, patch.id(), patch.fields());
          case Op.Post post -> client.create(zone, post.record());
        }
      }
    }
  }

  private List<CfRecord> list(Zone zone) {
    List<CfRecord> records = new ArrayList<>();
    Listings.all(token -> page(client.records(zone, token.map(Integer::parseInt).orElse(1), config.recordsPerPage())))
        .forEach(node -> mapper.parse(node).ifPresent(records::add));
    return records;
  }

  private static Pages.Page<JsonNode> page(CloudflareClient.Listing listing) {
    return new Pages.Page<>(listing.items(), listing.page() < listing.totalPages()
        ? Optional.of(Integer.toString(listing.page() + 1)) : Optional.empty());
  }

  private static int count(List<List<Op>> ops) {
    return ops.stream().mapToInt(List::size).sum();
  }
}
