package io.openova.dnsguard.reconciler.provider.powerdns;

import io.openova.dnsguard.policies.json.ReadLimits;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.reconciler.provider.Capabilities;
import io.openova.dnsguard.reconciler.provider.ChangeBatch;
import io.openova.dnsguard.reconciler.provider.DnsProvider;
import io.openova.dnsguard.reconciler.provider.ListedSet;
import io.openova.dnsguard.reconciler.provider.ProviderException;
import io.openova.dnsguard.reconciler.provider.Zone;
import io.openova.dnsguard.reconciler.provider.support.Retrier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PowerDNS Authoritative as a {@link DnsProvider}. A batch goes out as PATCH requests of at most
 * {@link PowerDnsConfig#maxPatchBytes()} bytes and {@link PowerDnsConfig#maxRrsetsPerPatch()}
 * rrsets, cut only between change groups, so a name's records and its ownership TXT are always in
 * one PATCH — which PowerDNS applies in one transaction. PATCHes to a server are sent one at a
 * time and each is retried on its own (500 "database is locked", connection errors): a failure
 * never replays requests that already succeeded, and REPLACE/DELETE make a replay harmless anyway.
 */
public final class PowerDnsProvider implements DnsProvider {

  /** Told about every PATCH that succeeded: for metrics, and for tests that need a moment mid-batch. */
  @FunctionalInterface
  public interface Listener {
    void patched(Zone zone, int rrsets, int bytes, Duration took);

    Listener NONE = (zone, rrsets, bytes, took) -> {};
  }

  private static final byte[] OPEN = "{\"rrsets\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

  private final PowerDnsConfig config;
  private final PowerDnsClient client;
  private final PowerDnsRecordMapper mapper;
  private final Retrier retrier;
  private final Listener listener;

  private PowerDnsProvider(PowerDnsConfig config, Retrier retrier, Listener listener, Clock clock) {
    JsonMapper json = ReadLimits.providerMapper();
    this.config = config;
    this.client = new PowerDnsClient(config, json, clock);
    this.mapper = new PowerDnsRecordMapper(json);
    this.retrier = retrier;
    this.listener = listener;
  }

  /** With the retries of {@link PowerDnsConfig#retry()}, real time, no listener. */
  public static PowerDnsProvider create(PowerDnsConfig config) {
    return create(config, Retrier.of(config.retry()), Listener.NONE, Clock.systemUTC());
  }

  public static PowerDnsProvider create(PowerDnsConfig config, Retrier retrier, Listener listener, Clock clock) {
    return new PowerDnsProvider(Objects.requireNonNull(config, "config"), Objects.requireNonNull(retrier, "retrier"),
        Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public String name() {
    return PowerDnsClient.PROVIDER;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(config.maxRrsetsPerPatch(), config.maxPatchBytes(), true, false,
        Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT));
  }

  @Override
  public List<Zone> zones() {
    JsonNode zones = retrier.call(client::zones);
    List<Zone> out = new ArrayList<>();
    for (JsonNode zone : zones) {
      String id = zone.path("id").asString("");
      if (!id.isEmpty() && Hostname.parse(zone.path("name").asString("")) instanceof ParsedHostname.Valid valid) {
        out.add(new Zone(id, valid.hostname()));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    return sets(zone, retrier.call(() -> client.zone(zone)));
  }

  /** The zone read as a stream, without the canonical form: listing 20,000 sets costs little more than reading them. */
  @Override
  public List<ListedSet> listing(Zone zone) {
    byte[] body = retrier.call(() -> client.zoneBytes(zone));
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
      out.addAll(sets(zone, retrier.call(() -> client.rrsets(zone, name.value() + "."))));
    }
    return List.copyOf(out);
  }

  private List<RecordSet> sets(Zone zone, JsonNode body) {
    List<RecordSet> out = new ArrayList<>();
    for (JsonNode rrset : body.path("rrsets")) {
      try {
        mapper.fromRrset(rrset).ifPresent(out::add);
      } catch (IllegalArgumentException unreadable) {
        throw new ProviderException.Refused(name(), zone, "read zone", 0,
            "rrset " + rrset.path("name").asString("") + " " + rrset.path("type").asString("")
                + " cannot be read: " + unreadable.getMessage());
      }
    }
    return List.copyOf(out);
  }

  @Override
  public void apply(Zone zone, ChangeBatch batch) {
    List<Patch> patches = patches(batch.groups());
    int groupsDone = 0;
    for (int i = 0; i < patches.size(); i++) {
      Patch patch = patches.get(i);
      long start = System.nanoTime();
      try {
        retrier.run(() -> client.patch(zone, patch.body()));
      } catch (ProviderException e) {
        throw i == 0 ? e : e.after("(after " + i + " of " + patches.size() + " requests, " + groupsDone + " of "
            + batch.groups().size() + " change groups, had been applied)");
      }
      groupsDone += patch.groups();
      listener.patched(zone, patch.rrsets(), patch.body().length, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** One PATCH body and what it carries. */
  record Patch(byte[] body, int groups, int rrsets) {}

  /** Packs groups into PATCH bodies within the limits, never splitting a group. */
  List<Patch> patches(List<ChangeGroup> groups) {
    List<Patch> out = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int inBody = 0;
    int groupsInBody = 0;
    for (ChangeGroup group : groups) {
      List<byte[]> encoded = new ArrayList<>(group.size());
      long groupBytes = 0;
      for (Change change : group.changes()) {
        byte[] rrset = mapper.toRrsetBytes(change);
        encoded.add(rrset);
        groupBytes += rrset.length + 1;
      }
      boolean full = inBody + group.size() > config.maxRrsetsPerPatch()
          || OPEN.length + body.size() + groupBytes + CLOSE.length > config.maxPatchBytes();
      if (full && inBody > 0) {
        out.add(close(body, groupsInBody, inBody));
        body = new ByteArrayOutputStream();
        inBody = 0;
        groupsInBody = 0;
      }
      for (byte[] rrset : encoded) {
        if (inBody > 0) {
          body.write(',');
        }
        body.writeBytes(rrset);
        inBody++;
      }
      groupsInBody++;
    }
    if (inBody > 0) {
      out.add(close(body, groupsInBody, inBody));
    }
    return out;
  }

  private static Patch close(ByteArrayOutputStream rrsets, int groups, int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(OPEN.length + rrsets.size() + CLOSE.length);
    out.writeBytes(OPEN);
    out.writeBytes(rrsets.toByteArray());
    out.writeBytes(CLOSE);
    return new Patch(out.toByteArray(), groups, count);
  }

  /** The API base this provider talks to, for messages. */
  public Optional<String> endpoint() {
    return client.describe();
  }
}
