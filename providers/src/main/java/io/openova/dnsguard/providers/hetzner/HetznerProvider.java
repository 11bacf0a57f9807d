package io.openova.dnsguard.providers.hetzner;

import io.openova.dnsguard.policies.json.ReadLimits;
import io.openova.dnsguard.policies.name.RecordType;
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
import io.openova.dnsguard.provider.support.Names;
import io.openova.dnsguard.provider.support.Pages;
import io.openova.dnsguard.provider.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Hetzner Cloud API's DNS as a {@link DnsProvider}. The API changes one rrset per request and
 * applies it asynchronously (an Action), within a project budget of 3,600 requests an hour. So a
 * batch goes out in waves of up to {@link HetznerConfig#wave()} record-set changes, each wave in
 * three phases — ownership TXT writes, record changes, ownership TXT removals — whose actions are
 * polled together ({@code GET /actions?id=..}) before the next phase starts: a claim is in place
 * before its records, and records are gone before their claim goes. A name's change costs one
 * request (two when both its values and TTL change). Before a wave starts, the requests it needs
 * are checked against the budget the server reported ({@code RateLimit-Remaining}, less {@link
 * HetznerConfig#reserve()}): a short shortfall is waited out, a long one ends the apply with a
 * transient failure that says how far it got and when to come back — never a burst of 429s.
 * Requests are also paced locally to the hourly budget.
 */
public final class HetznerProvider extends ApiProvider {

  private static final int IDS_PER_POLL = 25;
  private static final Duration LONGEST_BUDGET_WAIT = Duration.ofMinutes(1);
  private static final int PHASES = 3;

  private final HetznerConfig config;
  private final HetznerClient client;
  private final HetznerRecordMapper mapper;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ConcurrentMap<String, Long> zoneTtls = new ConcurrentHashMap<>();

  public HetznerProvider(HetznerConfig config, Calls calls) {
    super(HetznerClient.PROVIDER, Capabilities.nonAtomic(config.wave(), 1_000_000));
    JsonMapper json = ReadLimits.providerMapper();
    this.config = config;
    this.client = new HetznerClient(config, json, calls.paced(config.requestsPerHour() / 3600.0, config.burst()));
    this.mapper = new HetznerRecordMapper(json);
    this.clock = calls.clock();
    this.sleeper = calls.sleeper();
  }

  @Override
  public List<Zone> zones() {
    List<JsonNode> listed = Listings.all(token -> page(client.zones(token.map(Integer::parseInt).orElse(1)), "zones"));
    listed.forEach(zone -> zoneTtls.put(zone.path("id").asString(""), zone.path("ttl").asLong(3600)));
    return Listings.zones(listed, zone -> zone.path("id").asString(""), zone -> zone.path("name").asString(""));
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    long zoneTtl = zoneTtls.computeIfAbsent(zone.id(), id -> client.zone(zone).path("zone").path("ttl").asLong(3600));
    return List.copyOf(Listings.read(name(), zone, "list rrsets",
        Listings.all(token -> page(client.rrsets(zone, token.map(Integer::parseInt).orElse(1)), "rrsets")),
        rrset -> "rrset " + rrset.path("id").asString(""), rrset -> mapper.fromRrset(zone.name(), rrset, zoneTtl)));
  }

  private static Pages.Page<JsonNode> page(JsonNode answer, String field) {
    List<JsonNode> items = new ArrayList<>();
    answer.path(field).forEach(items::add);
    JsonNode next = answer.path("meta").path("pagination").path("next_page");
    return new Pages.Page<>(items, next.isIntegralNumber() ? Optional.of(next.asString()) : Optional.empty());
  }

  /** One write request of a change. */
  private record Call(String description, Supplier<Optional<JsonNode>> send) {}

  @Override
  public void apply(Zone zone, ChangeBatch batch) {
    int done = 0;
    for (ChangeBatch wave : Batching.split(batch.groups(), config.wave(), Long.MAX_VALUE, g -> 0)) {
      List<List<Call>> phases = new ArrayList<>();
      for (int i = 0; i < PHASES; i++) {
        phases.add(new ArrayList<>());
      }
      for (ChangeGroup group : wave.groups()) {
        for (Change change : group.changes()) {
          phases.get(phase(change)).addAll(calls(zone, change));
        }
      }
      ensureBudget(zone, requestsNeeded(phases), done, batch.groups().size()); // says its own progress
      try {
        for (List<Call> phase : phases) {
          List<Long> actions = new ArrayList<>();
          for (Call call : phase) {
            call.send().get().ifPresent(action -> {
              if (!"success".equals(action.path("status").asString(""))) {
                actions.add(action.path("id").asLong());
              }
            });
          }
          await(zone, actions);
        }
      } catch (ProviderException e) {
        throw e.after("(after " + done + " of " + batch.groups().size() + " change groups had been applied"
            + (done < batch.groups().size() ? "; the next " + wave.groups().size() + " may be in part" : "") + ")");
      }
      done += wave.groups().size();
    }
  }

  // Ownership TXT writes first, records next, ownership TXT removals last (the planner's order, kept across a wave).
  private static int phase(Change change) {
    if (change.type() != RecordType.TXT) {
      return 1;
    }
    return change instanceof Change.Delete ? 2 : 0;
  }

  private List<Call> calls(Zone zone, Change change) {
    RecordSet set = change.target();
    String rrName = Names.relative(zone.name(), set.name());
    String type = set.type().name();
    return switch (change) {
      case Change.Create create -> List.of(new Call("create " + rrName + "/" + type,
          () -> Optional.of(client.create(zone, mapper.toCreate(zone.name(), create.set())))));
      case Change.Update update -> {
        List<Call> calls = new ArrayList<>();
        if (!update.before().values().equals(update.after().values())) {
          calls.add(new Call("set_records " + rrName + "/" + type, () -> Optional.of(
              client.rrsetAction(zone, rrName, type, "set_records", mapper.toSetRecords(update.after())))));
        }
        if (update.before().ttl() != update.after().ttl()) {
          calls.add(new Call("change_ttl " + rrName + "/" + type, () -> Optional.of(
              client.rrsetAction(zone, rrName, type, "change_ttl", mapper.toChangeTtl(update.after())))));
        }
        yield calls;
      }
      case Change.Delete delete -> List.of(new Call("delete " + rrName + "/" + type, () -> {
        try {
          return Optional.of(client.delete(zone, rrName, type));
        } catch (ProviderException.Refused gone) {
          if (gone.status() == 404) {
            return Optional.empty(); // already gone: what we wanted
          }
          throw gone;
        }
      }));
    };
  }

  private static int requestsNeeded(List<List<Call>> phases) {
    int needed = 0;
    for (List<Call> phase : phases) {
      if (!phase.isEmpty()) {
        needed += phase.size() + 1 + phase.size() / IDS_PER_POLL; // the writes and at least one poll
      }
    }
    return needed;
  }

  private void ensureBudget(Zone zone, int needed, int done, int total) {
    Optional<HetznerClient.Budget> known = client.budget();
    if (known.isEmpty()) {
      return;
    }
    HetznerClient.Budget budget = known.get();
    int available = budget.remaining() - config.reserve();
    if (needed <= available) {
      return;
    }
    int perHour = budget.limit() > 0 ? budget.limit() : config.requestsPerHour();
    Duration wait = Duration.ofSeconds((long) Math.ceil((needed - available) * 3600.0 / perHour));
    if (wait.compareTo(LONGEST_BUDGET_WAIT) <= 0) {
      try {
        sleeper.sleep(wait);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new ProviderException.Transient(name(), zone, "apply", 429, "the project's API budget is spent: the next "
        + needed + " requests would leave " + available + " of the " + budget.remaining() + " remaining ("
        + config.reserve() + " are kept for other clients; " + perHour + " per hour); " + done + " of " + total
        + " change groups are applied and the rest can follow in about " + wait.toMinutes() + " min", wait, null);
  }

  private void await(Zone zone, List<Long> ids) {
    Set<Long> pending = new LinkedHashSet<>(ids);
    Instant deadline = clock.instant().plus(config.actionTimeout());
    while (!pending.isEmpty()) {
      try {
        sleeper.sleep(config.actionPoll());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException.Transient(name(), zone, "poll actions", 0, "interrupted", null, e);
      }
      List<Long> all = List.copyOf(pending);
      for (int from = 0; from < all.size(); from += IDS_PER_POLL) {
        List<Long> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_POLL));
        for (JsonNode action : client.actions(zone, chunk).path("actions")) {
          String status = action.path("status").asString("");
          if (status.equals("success")) {
            pending.remove(action.path("id").asLong());
          } else if (status.equals("error")) {
            throw new ProviderException.Refused(name(), zone, "action " + action.path("id").asLong() + " ("
                + action.path("command").asString("") + ")", 0, action.path("error").path("code").asString("error")
                + ": " + action.path("error").path("message").asString(""));
          }
        }
      }
      if (!pending.isEmpty() && clock.instant().isAfter(deadline)) {
        throw new ProviderException.Transient(name(), zone, "poll actions", 0, "actions " + pending
            + " still running after " + config.actionTimeout().toSeconds() + " s", null, null);
      }
    }
  }
}
