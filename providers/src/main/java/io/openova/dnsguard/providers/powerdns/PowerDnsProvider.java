package io.openova.dnsguard.providers.powerdns;

import io.openova.dnsguard.policies.json.ReadLimits;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ListedSet;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Batching;
import io.openova.dnsguard.provider.support.ApiProvider;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Listings;
import io.openova.dnsguard.provider.support.Progress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PowerDNS Authoritative as a {@link DnsProvider}. A batch goes out as PATCH requests of at most
 * {@link PowerDnsConfig#maxPatchBytes()} bytes and {@link PowerDnsConfig#maxRrsetsPerPatch()}
 * rrsets, cut by {@link Batching} only between change groups, so a name's records and its
 * ownership TXT are always in one PATCH — which PowerDNS applies in one transaction. PATCHes to a
 * server are sent one at a time and each is retried on its own ({@link Calls}: 500 "database is
 * locked", connection errors): a failure never replays requests that already succeeded, and
 * REPLACE/DELETE make a replay harmless anyway.
 */
public final class PowerDnsProvider extends ApiProvider {

  private static final byte[] OPEN = "{\"rrsets\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

  private final PowerDnsConfig config;
  private final PowerDnsClient client;
  private final PowerDnsRecordMapper mapper;

  public PowerDnsProvider(PowerDnsConfig config, Calls calls) {
    super(PowerDnsClient.PROVIDER, Capabilities.atomic(config.maxRrsetsPerPatch(), config.maxPatchBytes()));
    JsonMapper json = ReadLimits.providerMapper();
    this.config = config;
    this.client = new PowerDnsClient(config, json, calls);
    this.mapper = new PowerDnsRecordMapper(json);
  }

  /** With the standard time limit and retries. */
  public static PowerDnsProvider create(PowerDnsConfig config) {
    return new PowerDnsProvider(config, Calls.standard());
  }

  @Override
  public List<Zone> zones() {
    return Listings.zones(client.zones(), zone -> zone.path("id").asString(""), zone -> zone.path("name").asString(""));
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    return sets(zone, client.zone(zone));
  }

  /** The zone read as a stream, without the canonical form: listing 20,000 sets costs little more than reading them. */
  @Override
  public List<ListedSet> listing(Zone zone) {
    byte[] body = client.zoneBytes(zone);
    try {
      return mapper.listed(body);
    } catch (JacksonException e) {
      throw new ProviderException.Refused(name(), zone, "read zone", 200, "the answer cannot be read: " + ReadLimits.describe(e));
    }
  }

  /** One small GET per name (about 2 ms each) instead of the whole zone. */
  @Override
  public List<RecordSet> records(Zone zone, Set<Hostname> names) {
    List<RecordSet> out = new ArrayList<>();
    for (Hostname name : names) {
      out.addAll(sets(zone, client.rrsets(zone, name.value() + ".")));
    }
    return List.copyOf(out);
  }

  private List<RecordSet> sets(Zone zone, JsonNode body) {
    return List.copyOf(Listings.read(name(), zone, "read zone", body.path("rrsets"),
        rrset -> "rrset " + rrset.path("name").asString("") + " " + rrset.path("type").asString(""),
        mapper::fromRrset));
  }

  @Override
  public void apply(Zone zone, ChangeBatch batch) {
    prepare(zone, batch).run();
  }

  /** The PATCH bodies made now; the write sends them. */
  @Override
  public Runnable prepare(Zone zone, ChangeBatch batch) {
    List<Patch> patches = patches(batch.groups());
    return () -> Progress.inOrder(patches, Patch::groups, batch.groups().size(), patch -> client.patch(zone, patch.body()));
  }

  /** The PATCH bodies made and dropped. */
  @Override
  public void rehearse(Zone zone, ChangeBatch batch) {
    prepare(zone, batch);
  }

  /** One PATCH body and what it carries. */
  record Patch(byte[] body, int groups, int rrsets) {}

  /**
   * Packs groups into PATCH bodies within the limits, never splitting a group. The rrsets are
   * written by one generator as the elements of one array and the bodies cut from its bytes: 40 %
   * less CPU than a generator per rrset (20,000 rrsets in a fresh JVM: 94–101 ms against 153–170).
   */
  List<Patch> patches(List<ChangeGroup> groups) {
    int total = groups.stream().mapToInt(ChangeGroup::size).sum();
    ByteArrayOutputStream all = new ByteArrayOutputStream(256 * total + 16);
    int[] ends = new int[total]; // where each rrset ends in all
    Map<ChangeGroup, Integer> first = new IdentityHashMap<>(); // each group's first rrset
    int begin;
    try (JsonGenerator array = mapper.generator(all)) {
      array.writeStartArray();
      array.flush();
      begin = all.size();
      int k = 0;
      PowerDnsRecordMapper.Quoting quoting = new PowerDnsRecordMapper.Quoting();
      for (ChangeGroup group : groups) {
        first.put(group, k);
        for (Change change : group.changes()) {
          mapper.write(array, change, quoting);
          array.flush();
          ends[k++] = all.size();
        }
      }
      array.writeEndArray();
    }
    byte[] bytes = all.toByteArray();
    Rrsets rrsets = new Rrsets(bytes, begin, ends);
    List<Patch> out = new ArrayList<>();
    for (ChangeBatch request : Batching.split(groups, config.maxRrsetsPerPatch(),
        config.maxPatchBytes() - OPEN.length - CLOSE.length,
        group -> rrsets.bytes(Objects.requireNonNull(first.get(group)), group.size()))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(OPEN);
      int count = 0;
      for (ChangeGroup group : request.groups()) {
        int from = Objects.requireNonNull(first.get(group));
        for (int k = from; k < from + group.size(); k++) {
          if (count++ > 0) {
            body.write(',');
          }
          int start = rrsets.start(k);
          body.write(bytes, start, ends[k] - start);
        }
      }
      body.writeBytes(CLOSE);
      out.add(new Patch(body.toByteArray(), request.groups().size(), count));
    }
    return out;
  }

  /** The rrsets of one array's bytes: rrset k ends at {@code ends[k]} and starts after the separator before it. */
  private record Rrsets(byte[] bytes, int begin, int[] ends) {
    int start(int k) {
      int start = k == 0 ? begin : ends[k - 1];
      return bytes[start] == ',' ? start + 1 : start;
    }

    /** The bytes of {@code count} rrsets from {@code k}, a comma each. */
    long bytes(int k, int count) {
      long size = 0;
      for (int i = k; i < k + count; i++) {
        size += ends[i] - start(i) + 1;
      }
      return size;
    }
  }
}
