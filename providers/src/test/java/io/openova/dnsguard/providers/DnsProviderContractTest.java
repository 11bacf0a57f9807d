package io.openova.dnsguard.providers;

import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Conflict;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.PlanInvariants;
import io.openova.dnsguard.policies.plan.Planner;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What every {@link DnsProvider} must do, run by each implementation against its real service or
 * best stand-in: list zones, read records and ownership TXT back as written, create/update/delete
 * through the planner, leave foreign records alone byte for byte, split a batch larger than its
 * limits without splitting a change group, read listings longer than a page, wait out throttling
 * (429 and Retry-After) and converge on the next sync after a server error in the middle of a batch.
 *
 * <p>Implementations configure their provider with fake time (retries and pacing never sleep),
 * at most 20 changes per request and, where the API pages, pages of at most 20 items.
 */
public abstract class DnsProviderContractTest {

  protected static final String OWNER = "contract-owner";
  protected static final Ownership OWNERSHIP =
      new Ownership(OWNER, new TxtNameMapper("_externaldns.", "", ""), TxtFormat.NEW, TxtRecordCodec.plain());
  private static final Planner PLANNER = new Planner(OWNERSHIP);

  /** A new empty zone (apex records only) named {@code <label>.<something>}, as the provider lists it. */
  protected abstract Zone freshZone(String label);

  /** The provider under test, with limits small enough that {@code maxChangesPerRequest} is at most 20. */
  protected abstract DnsProvider provider();

  /** Writes record sets directly through the service's API, as another tool or a person would. */
  protected abstract void seed(Zone zone, List<RecordSet> sets);

  /** The service's own representation of one rrset, for byte-for-byte comparisons. */
  protected abstract String raw(Zone zone, Hostname name, RecordType type);

  /** What the service serves for the name and type (DNS answers where it can be queried). */
  protected abstract List<String> served(Hostname name, RecordType type);

  /** Record-set counts of the write requests the provider has sent since it was created. */
  protected abstract List<Integer> writeRequestSizes();

  /** Seconds of the Retry-After that {@link #throttleNext} asks for. */
  protected static final int RETRY_AFTER_SECONDS = 7;

  /*
   * Fault hooks. Not abstract so that an implementation written before they existed still
   * compiles; the fault tests then fail loudly (never skip) until it implements them. A stub
   * (provider.stub.StubServer) or a Forwarding stub in front of a real server gives all four.
   */

  /**
   * Makes the service answer the next {@code requests} requests with HTTP 429 and {@code
   * Retry-After: 7} (or the provider's own throttling signal), applying nothing.
   */
  protected void throttleNext(int requests) {
    throw unimplemented("throttleNext");
  }

  /**
   * Makes write requests fail with a server error (HTTP 500, nothing of them applied) once {@code
   * passing} more have gone through, until {@link #clearFaults()}.
   */
  protected void failWritesAfter(int passing) {
    throw unimplemented("failWritesAfter");
  }

  /** Ends injected faults. */
  protected void clearFaults() {
    throw unimplemented("clearFaults");
  }

  /** Every wait the provider took on its fake time since it was created (retries, pacing, polling). */
  protected List<Duration> waits() {
    throw unimplemented("waits");
  }

  private UnsupportedOperationException unimplemented(String hook) {
    return new UnsupportedOperationException(getClass().getSimpleName() + " must implement " + hook
        + "() to run the fault contract (see provider.stub.StubServer and Forwarding)");
  }

  /** Sets the service holds that dnsguard must never touch; providers add their own (LUA, ALIAS ...). */
  protected List<RecordSet> foreignSets(Hostname zone) {
    String z = zone.value();
    return List.of(
        RecordSet.of("theirs." + z, RecordType.A, 300, "198.51.100.1"),
        RecordSet.of("_externaldns.a-theirs." + z, RecordType.TXT, 300,
            "heritage=external-dns,external-dns/owner=region-2,external-dns/resource=service/b/theirs"),
        RecordSet.of("manual." + z, RecordType.A, 300, "198.51.100.2"),
        RecordSet.of("manual." + z, RecordType.TXT, 300, "google-site-verification=abc\"quoted\""),
        RecordSet.of(z, RecordType.MX, 300, "10 mx1." + z + "."),
        RecordSet.of("mail." + z, RecordType.MX, 300, "20 mx2." + z + "."));
  }

  private String label;

  @org.junit.jupiter.api.BeforeEach
  void name(TestInfo info) {
    label = info.getTestMethod().orElseThrow().getName().replaceAll("[^a-zA-Z0-9]", "").toLowerCase();
    label = label.substring(0, Math.min(20, label.length()));
  }

  protected static Hostname host(Zone zone, String label) {
    return Hostname.of(label + "." + zone.name().value());
  }

  protected static Desired a(Zone zone, String label, String... ips) {
    return new Desired(RecordSet.of(host(zone, label), RecordType.A, 300, List.of(ips)), "httproute/team-a/" + label);
  }

  /** Reads, plans, checks the invariants, applies; returns the plan. */
  protected Plan sync(DnsProvider provider, Zone zone, List<Desired> desired) {
    List<RecordSet> current = provider.records(zone);
    Plan plan = PLANNER.plan(zone.name(), desired, current);
    PlanInvariants.check(plan, current, OWNERSHIP);
    if (!plan.isEmpty()) {
      provider.apply(zone, ChangeBatch.of(plan));
    }
    return plan;
  }

  protected Map<String, String> snapshot(Zone zone, List<RecordSet> sets) {
    Map<String, String> out = new LinkedHashMap<>();
    for (RecordSet set : sets) {
      out.put(set.key().toString(), raw(zone, set.name(), set.type()));
    }
    return out;
  }

  @Test
  void zones_freshZone_isListedWithItsName() {
    Zone zone = freshZone(label);

    assertThat(provider().zones()).contains(zone);
  }

  @Test
  void records_seededSets_readBackCanonical() {
    Zone zone = freshZone(label);
    List<RecordSet> foreign = foreignSets(zone.name());
    seed(zone, foreign);

    assertThat(provider().records(zone)).containsAll(foreign);
  }

  @Test
  void listing_seededSets_showTheSameSetsAsRecords() {
    Zone zone = freshZone(label);
    List<RecordSet> sets = new java.util.ArrayList<>(foreignSets(zone.name()));
    sets.add(RecordSet.of("alias." + zone.name().value(), RecordType.CNAME, 60, "target.example.net"));
    sets.add(RecordSet.of("v6." + zone.name().value(), RecordType.AAAA, 60, "2001:db8::1", "2001:db8::2"));
    seed(zone, sets);

    // listing skips the canonical form, not the content: same names, types, TTLs and values
    assertThat(provider().listing(zone).stream()
            .map(set -> set.name() + " " + set.type() + " " + set.ttl() + " " + new java.util.TreeSet<>(set.values())))
        .containsExactlyInAnyOrderElementsOf(provider().records(zone).stream()
            .map(set -> set.name().value() + " " + set.type() + " " + set.ttl() + " " + new java.util.TreeSet<>(set.values()))
            .toList());
  }

  @Test
  void recordsAtNames_someNamesTakenSomeFree_exactlyTheSetsAtThoseNames() {
    Zone zone = freshZone(label);
    List<RecordSet> foreign = foreignSets(zone.name());
    seed(zone, foreign);
    Hostname manual = host(zone, "manual");
    Set<Hostname> names = Set.of(manual, host(zone, "theirs"), host(zone, "free"));

    List<RecordSet> read = provider().records(zone, names);

    assertThat(read).containsExactlyInAnyOrderElementsOf(
        foreign.stream().filter(set -> names.contains(set.name())).toList());
    assertThat(read).filteredOn(set -> set.name().equals(manual)).hasSize(2);
  }

  @Test
  void apply_createThroughPlanner_servesRecordsAndOwnership() {
    Zone zone = freshZone(label);
    DnsProvider provider = provider();

    Plan plan = sync(provider, zone, List.of(a(zone, "api", "192.0.2.1", "192.0.2.2")));

    assertThat(plan.changes()).hasSize(2);
    assertThat(served(host(zone, "api"), RecordType.A)).containsExactly("192.0.2.1", "192.0.2.2");
    assertThat(served(host(zone, "_externaldns.a-api"), RecordType.TXT)).containsExactly(
        "heritage=external-dns,external-dns/owner=" + OWNER + ",external-dns/resource=httproute/team-a/api");
  }

  @Test
  void apply_updateThenDelete_converges() {
    Zone zone = freshZone(label);
    DnsProvider provider = provider();
    sync(provider, zone, List.of(a(zone, "api", "192.0.2.1"), a(zone, "web", "192.0.2.5")));

    sync(provider, zone, List.of(a(zone, "api", "192.0.2.9")));

    assertThat(served(host(zone, "api"), RecordType.A)).containsExactly("192.0.2.9");
    assertThat(served(host(zone, "web"), RecordType.A)).isEmpty();
    assertThat(served(host(zone, "_externaldns.a-web"), RecordType.TXT)).isEmpty();
    assertThat(sync(provider, zone, List.of(a(zone, "api", "192.0.2.9"))).isEmpty()).isTrue();

    sync(provider, zone, List.of());

    assertThat(provider.records(zone)).noneMatch(s -> s.name().value().contains("api."));
  }

  @Test
  void apply_oldFormatOwnershipOfOurs_isReadAndKept() {
    Zone zone = freshZone(label);
    DnsProvider provider = provider();
    seed(zone, List.of(RecordSet.of(host(zone, "legacy"), RecordType.A, 300, List.of("192.0.2.1")),
        RecordSet.of(host(zone, "_externaldns.legacy"), RecordType.TXT, 300,
            List.of("heritage=external-dns,external-dns/owner=" + OWNER + ",external-dns/resource=ingress/a/legacy"))));

    sync(provider, zone, List.of(a(zone, "legacy", "192.0.2.7")));

    assertThat(served(host(zone, "legacy"), RecordType.A)).containsExactly("192.0.2.7");
    assertThat(served(host(zone, "_externaldns.legacy"), RecordType.TXT)).hasSize(1);
    assertThat(served(host(zone, "_externaldns.a-legacy"), RecordType.TXT)).hasSize(1);
  }

  @Test
  void apply_foreignRecords_untouchedByteForByte() {
    Zone zone = freshZone(label);
    DnsProvider provider = provider();
    List<RecordSet> foreign = foreignSets(zone.name());
    seed(zone, foreign);
    Map<String, String> before = snapshot(zone, foreign);
    List<Desired> wantsTheirNames = new ArrayList<>();
    for (RecordSet set : foreign) {
      if (!set.name().hasReservedLabel()) {
        wantsTheirNames.add(new Desired(RecordSet.of(set.name(), RecordType.A, 60, List.of("192.0.2.66")), "crd/x/grab"));
      }
    }
    wantsTheirNames.add(a(zone, "mine", "192.0.2.10"));

    Plan grab = sync(provider, zone, wantsTheirNames);
    sync(provider, zone, List.of());

    assertThat(grab.conflicts()).extracting(Conflict::name).doesNotContain(host(zone, "mine"));
    assertThat(grab.conflicts()).isNotEmpty();
    assertThat(snapshot(zone, foreign)).isEqualTo(before);
    assertThat(provider.records(zone)).containsAll(foreign);
  }

  @Test
  void apply_batchLargerThanTheRequestLimit_splitBetweenGroups() {
    Zone zone = freshZone(label);
    DnsProvider provider = provider();
    int limit = provider.capabilities().maxChangesPerRequest();
    List<Desired> many = new ArrayList<>();
    for (int i = 0; i < limit * 3; i++) {
      many.add(a(zone, "h" + i, "192.0.2." + (i % 200 + 1)));
    }

    Plan plan = sync(provider, zone, many);

    assertThat(plan.groups()).hasSize(limit * 3).allSatisfy(g -> assertThat(g.size()).isEqualTo(2));
    assertThat(writeRequestSizes()).hasSizeGreaterThanOrEqualTo(6)
        .allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(limit));
    if (provider.capabilities().atomicBatches()) {
      assertThat(writeRequestSizes()).allSatisfy(size -> assertThat(size).isEven()); // never half a group
    }
    assertThat(writeRequestSizes().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(plan.groups().stream().mapToInt(ChangeGroup::size).sum());
    for (int i = 0; i < limit * 3; i += limit / 2) {
      assertThat(served(host(zone, "h" + i), RecordType.A)).containsExactly("192.0.2." + (i % 200 + 1));
    }
    assertThat(sync(provider, zone, many).isEmpty()).isTrue();
  }

  @Test
  void records_moreSetsThanAPage_allReadBack() {
    Zone zone = freshZone(label);
    List<RecordSet> sets = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      sets.add(RecordSet.of(host(zone, "p" + i), RecordType.A, 300, List.of("192.0.2." + (i + 1))));
      sets.add(RecordSet.of(host(zone, "p" + i), RecordType.TXT, 300, List.of("page test " + i)));
    }
    seed(zone, sets);

    List<RecordSet> read = provider().records(zone);

    assertThat(read).containsAll(sets);
    assertThat(read.stream().map(RecordSet::key).distinct().count()).isEqualTo(read.size());
  }

  @Test
  void apply_throttledThenAllowed_waitsRetryAfterAndConverges() {
    Zone zone = freshZone(label);
    DnsProvider provider = provider();
    List<Desired> desired = List.of(a(zone, "api", "192.0.2.1"), a(zone, "www", "192.0.2.2"));
    throttleNext(2);

    sync(provider, zone, desired);

    assertThat(waits()).contains(Duration.ofSeconds(RETRY_AFTER_SECONDS));
    assertThat(served(host(zone, "api"), RecordType.A)).containsExactly("192.0.2.1");
    assertThat(served(host(zone, "www"), RecordType.A)).containsExactly("192.0.2.2");
    assertThat(sync(provider, zone, desired).isEmpty()).isTrue();
  }

  @Test
  void apply_serverErrorMidBatch_failsThenNextSyncConvergesWithNothingLostOrDoubled() {
    Zone zone = freshZone(label);
    DnsProvider provider = provider();
    int hosts = provider.capabilities().maxChangesPerRequest() * 3;
    List<Desired> many = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      many.add(a(zone, "m" + i, "192.0.2." + (i % 200 + 1)));
    }
    failWritesAfter(2);

    assertThatThrownBy(() -> sync(provider, zone, many))
        .isInstanceOf(ProviderException.class);
    clearFaults();
    List<RecordSet> halfway = provider.records(zone);
    sync(provider, zone, many);

    assertThat(halfway.stream().filter(s -> s.type() == RecordType.A).count()).isLessThan(hosts);
    List<RecordSet> after = provider.records(zone);
    assertThat(after.stream().filter(s -> s.type() == RecordType.A)).hasSize(hosts)
        .allSatisfy(s -> assertThat(s.values()).hasSize(1));
    assertThat(after.stream().filter(s -> s.type() == RecordType.TXT && s.name().value().startsWith("_externaldns.")))
        .hasSize(hosts).allSatisfy(s -> assertThat(s.values()).hasSize(1));
    for (int i = 0; i < hosts; i += 7) {
      assertThat(served(host(zone, "m" + i), RecordType.A)).containsExactly("192.0.2." + (i % 200 + 1));
    }
    assertThat(sync(provider, zone, many).isEmpty()).isTrue();
  }
}
