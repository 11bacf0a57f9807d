package io.openova.dnsguard.reconciler.webhookprovider;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.RrsetKey;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.DomainRule;
import io.openova.dnsguard.policies.policy.UnmanagedDomains;
import io.openova.dnsguard.policies.policy.WildcardPolicy;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The protocol's work rehearsed before the provider reports ready (a warm-up): external-dns-shaped requests
 * (create, list, update, delete of a few thousand names with their ownership records) through the
 * same decoding, checks, planner and plan invariants as real ones, against a zone held in memory.
 * Nothing leaves the process.
 *
 * <p>Why: a fresh JVM runs that code interpreted until the JIT has seen enough of it, which made
 * the first sync of 10,000 names take 2–3 times as long as the next (and a first sync that
 * outlasts external-dns's webhook timeouts makes it exit). The rehearsal pays that cost before
 * readiness instead. It stops early when a real request arrives: external-dns's work comes first.
 */
final class WarmUp {
  private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());

  /**
   * Names per request: small enough that a sync arriving meanwhile waits little for the request
   * being rehearsed; a few rounds of it get the per-name code compiled.
   */
  static final int NAMES = 1_000;
  static final int ROUNDS = 5;
  /** The longest the warm-up may hold readiness back, on a busy node too. */
  static final Duration BUDGET = Duration.ofSeconds(5);

  private static final Hostname DOMAIN = Hostname.of("rehearsal.invalid"); // RFC 6761: never a real zone
  private static final Zone ZONE = new Zone(DOMAIN.value() + ".", DOMAIN);
  private static final String OWNER = "dnsguard-rehearsal";

  private WarmUp() {}

  /**
   * Rehearses with {@code policy}'s registry settings and {@code served}'s request sizes, its writes
   * encoded by {@code served} ({@link DnsProvider#rehearse}: nothing sent), until done, out of {@link
   * #BUDGET}, or {@code stop} says a real request came; returns the requests rehearsed.
   */
  static int run(DnsPolicy policy, DnsProvider served, BooleanSupplier stop) {
    return run(policy, served, stop, BUDGET, ROUNDS);
  }

  /**
   * As {@link #run(DnsPolicy, DnsProvider, BooleanSupplier)} within {@code budget} and {@code
   * rounds} (a create, an update and a delete each). A warm-up that goes wrong only logs why: it is
   * an optimisation, never a reason not to serve.
   */
  static int run(DnsPolicy policy, DnsProvider served, BooleanSupplier stop, Duration budget, int rounds) {
    long start = System.nanoTime();
    DnsPolicy rules = new DnsPolicy(policy.name(), policy.ownerId(), policy.txt(), UnmanagedDomains.DENY, false,
        List.of(new DomainRule(DOMAIN, Set.of(), Optional.empty(), WildcardPolicy.DENY)), List.of());
    MemoryZone zone = new MemoryZone(served);
    ZoneListings listings = new ZoneListings(zone);
    ChangeGuard guard = new ChangeGuard(zone, () -> rules, listings);
    Ownership ownership = Ownership.of(OWNER, rules.txt());
    long deadline = start + budget.toNanos();
    BooleanSupplier done = () -> stop.getAsBoolean() || System.nanoTime() > deadline;
    int requests = 0;
    try {
      requests = rehearse(guard, listings, ownership, done, rounds);
    } catch (RuntimeException e) {
      LOG.warning(() -> "warm-up stopped (serving anyway; the first sync runs slower): " + e);
    }
    int rehearsed = requests;
    LOG.info(() -> "warmed up: rehearsed " + rehearsed + " requests of " + NAMES + " names in "
        + (System.nanoTime() - start) / 1_000_000 + " ms" + (stop.getAsBoolean() ? " (stopped: a sync came first)" : ""));
    return requests;
  }

  private static int rehearse(ChangeGuard guard, ZoneListings listings, Ownership ownership, BooleanSupplier done,
      int rounds) {
    int requests = 0;
    for (int round = 0; round < rounds && !done.getAsBoolean(); round++) {
      List<Endpoint> before = endpoints(ownership, round, "192.0.2.1");
      List<Endpoint> after = endpoints(ownership, round, "192.0.2.2");
      for (Changes changes : List.of(
          new Changes(before, List.of(), List.of(), List.of()),
          new Changes(List.of(), before, after, List.of()),
          new Changes(List.of(), List.of(), List.of(), after))) {
        if (done.getAsBoolean()) {
          break;
        }
        try {
          Outcome outcome = guard.apply(WireCodec.changes(WireCodec.write(changes)), new Caller.Local());
          if (!outcome.complete()) {
            throw new IllegalStateException("rehearsal refused: " + outcome.refused().getFirst().message());
          }
        } catch (WireCodec.BadBody e) {
          throw new IllegalStateException("rehearsal body unreadable: " + e.getMessage(), e);
        }
        WireCodec.endpoints(listings.sets(ZONE));
        requests++;
      }
    }
    return requests;
  }

  // What external-dns's TXT registry sends for NAMES names: each A record with its ownership record.
  private static List<Endpoint> endpoints(Ownership ownership, int round, String address) {
    List<Endpoint> out = new ArrayList<>(2 * NAMES);
    for (int i = 0; i < NAMES; i++) {
      Hostname name = Hostname.of("host-" + i + ".round-" + round + "." + DOMAIN.value());
      String resource = "crd/rehearsal/host-" + i;
      Map<String, String> labels = Map.of(Endpoint.OWNER_LABEL, OWNER, Endpoint.RESOURCE_LABEL, resource);
      out.add(new Endpoint(name.value(), List.of(address), "A", "", 300, labels, List.of()));
      String txt = ownership.names().toTxtName(name, RecordType.A, ownership.writeFormat());
      out.add(new Endpoint(txt, List.of('"' + ownership.codec().encode(OWNER, resource) + '"'), "TXT", "", 300,
          labels, List.of()));
    }
    return out;
  }

  /**
   * The rehearsal's zone: applies what it is given, keeps an SOA whose serial moves with every write,
   * and has the served provider encode each write as it would send it.
   */
  private static final class MemoryZone implements DnsProvider {
    private final DnsProvider served;
    private final Map<RrsetKey, RecordSet> sets = new TreeMap<>();
    private long serial = 1;

    MemoryZone(DnsProvider served) {
      this.served = served;
    }

    @Override
    public String name() {
      return "rehearsal";
    }

    @Override
    public List<Zone> zones() {
      return List.of(ZONE);
    }

    @Override
    public Capabilities capabilities() {
      return served.capabilities();
    }

    @Override
    public synchronized List<RecordSet> records(Zone zone) {
      List<RecordSet> out = new ArrayList<>(sets.values());
      out.add(RecordSet.of(DOMAIN, RecordType.SOA, 3600,
          List.of("ns.rehearsal.invalid. hostmaster.rehearsal.invalid. " + serial + " 10800 3600 604800 3600")));
      return out;
    }

    @Override
    public synchronized void apply(Zone zone, ChangeBatch batch) {
      served.rehearse(zone, batch);
      for (Change change : batch.changes()) {
        switch (change) {
          case Change.Delete delete -> sets.remove(delete.key());
          default -> sets.put(change.key(), change.target());
        }
      }
      serial++;
    }
  }
}
