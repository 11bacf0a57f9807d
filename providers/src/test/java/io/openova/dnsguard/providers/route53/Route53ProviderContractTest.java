package io.openova.dnsguard.providers.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.StubbedProviderContractTest;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.RetryPolicy;
import io.openova.dnsguard.provider.support.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The provider contract against moto's Route53 in server mode, reached through {@link MotoFront}
 * so that throttling and server errors moto never produces can be injected. Listings come in
 * pages of 5 and requests carry at most 20 changes, so every test crosses pages and limits.
 */
@ExtendWith(MotoServer.Extension.class)
class Route53ProviderContractTest extends StubbedProviderContractTest {

  private MotoFixtures moto;
  private MotoFront front;
  private StubServer stub;
  private Route53Provider provider;

  @BeforeEach
  void start(MotoServer server) {
    moto = new MotoFixtures(server.uri());
    front = new MotoFront(server.uri());
    stub = StubServer.start(front);
    provider = provider(config());
  }

  @AfterEach
  void stop() {
    provider.close();
    stub.close();
    moto.close();
  }

  private Route53Config config() {
    return Route53Config.of("eu-west-1")
        .withCredentials(new Route53Config.Credentials.Static(Secret.of("AKIDMOTO"), Secret.of("moto-secret")))
        .withEndpoint(stub.uri())
        .withRequestLimits(20, 1_000, 32_000)
        .withPageSize(5);
  }

  private Route53Provider provider(Route53Config config) {
    return new Route53Provider(config, Calls.standard().withTime(time, () -> 0.5));
  }

  /** ResourceRecord elements per ChangeResourceRecordSets as sent, an UPSERT counting twice (Route53's rule). */
  private List<Integer> resourceRecords() {
    return stub.requests(MotoFront.CHANGES).stream().map(r -> {
      int count = 0;
      for (String change : r.text().split("<Change>")) {
        int records = change.split("<ResourceRecord>", -1).length - 1;
        count += change.contains("<Action>UPSERT</Action>") ? 2 * records : records;
      }
      return count;
    }).toList();
  }

  @Override
  protected Zone freshZone(String label) {
    return moto.createZone(label + ".example.test");
  }

  @Override
  protected DnsProvider provider() {
    return provider;
  }

  @Override
  protected void seed(Zone zone, List<RecordSet> sets) {
    moto.seed(zone, sets);
  }

  @Override
  protected String raw(Zone zone, Hostname name, RecordType type) {
    return moto.raw(zone, name, type);
  }

  @Override
  protected List<String> served(Hostname name, RecordType type) {
    return moto.served(name, type);
  }

  @Override
  protected List<Integer> writeRequestSizes() {
    // Change elements per ChangeResourceRecordSets that moto accepted, read from the requests as sent.
    return stub.requests(MotoFront.CHANGES).stream()
        .map(r -> r.text().split("<Change>", -1).length - 1).toList();
  }

  @Override
  protected StubServer stub() {
    return stub;
  }

  /** Route53 signals throttling with HTTP 400 {@code Throttling}; the injected answers also carry Retry-After. */
  @Override
  protected Predicate<Request> writes() {
    return MotoFront.CHANGES;
  }

  /** Route53's own kinds of sets that dnsguard must read and never touch: an alias and two weighted sets. */
  @Override
  protected List<RecordSet> foreignSets(Hostname zone) {
    List<RecordSet> sets = new ArrayList<>(super.foreignSets(zone));
    sets.add(MotoFixtures.alias(Hostname.of("lb." + zone.value()), "A", "dualstack.lb-1.eu-west-1.elb.amazonaws.com"));
    sets.add(MotoFixtures.weighted(Hostname.of("w." + zone.value()), "blue", 10, "198.51.100.10"));
    sets.add(MotoFixtures.weighted(Hostname.of("w." + zone.value()), "green", 90, "198.51.100.11"));
    return sets;
  }

  @Test
  void records_octalEscapedWildcard_readAsAsterisk() {
    Zone zone = freshZone("octal");
    moto.seedRaw(zone, "\\052.apps.octal.example.test.", "A", 60, "192.0.2.42");

    assertThat(provider.records(zone)).contains(RecordSet.of("*.apps.octal.example.test", RecordType.A, 60, "192.0.2.42"));
  }

  @Test
  void apply_wildcardCreate_readBackAndDeleted() {
    Zone zone = freshZone("wild");
    RecordSet wildcard = RecordSet.of("*.wild.example.test", RecordType.A, 60, "192.0.2.7");

    provider.apply(zone, batch(new Change.Create(wildcard)));
    assertThat(provider.records(zone)).contains(wildcard);
    provider.apply(zone, batch(new Change.Delete(wildcard)));

    assertThat(provider.records(zone)).doesNotContain(wildcard);
  }

  @Test
  void apply_txtWithQuotesBackslashesAndLongText_roundTrips() {
    Zone zone = freshZone("txt");
    RecordSet text = RecordSet.of(Hostname.of("t.txt.example.test"), RecordType.TXT, 60,
        List.of("say \"hi\" \\ " + "x".repeat(300) + " ünï"));

    provider.apply(zone, batch(new Change.Create(text)));

    assertThat(provider.records(zone)).contains(text);
    assertThat(moto.raw(zone, text.name(), RecordType.TXT)).contains("\\\"hi\\\"").contains("\\303\\274");
  }

  @Test
  void apply_throttlingThenSuccess_retriedWithBackOff() {
    Zone zone = freshZone("throttle");
    stub.fail(0, 2, MotoFront.CHANGES, 429); // Route53's own Throttling: HTTP 400, no Retry-After

    sync(provider, zone, List.of(a(zone, "api", "192.0.2.1")));

    assertThat(served(host(zone, "api"), RecordType.A)).containsExactly("192.0.2.1");
    assertThat(stub.requests(MotoFront.CHANGES)).hasSize(3);
    assertThat(time.sleeps()).hasSize(2).allSatisfy(wait -> assertThat(wait).isLessThan(Duration.ofSeconds(1)));
  }

  @Test
  void apply_priorRequestNotComplete_retriedUntilAccepted() {
    Zone zone = freshZone("prior");
    front.throttleWith("PriorRequestNotComplete");
    stub.fail(0, 3, MotoFront.CHANGES, 429);

    sync(provider, zone, List.of(a(zone, "api", "192.0.2.1")));

    assertThat(served(host(zone, "api"), RecordType.A)).containsExactly("192.0.2.1");
    assertThat(time.sleeps()).hasSize(3);
  }

  @Test
  void records_throttledListing_retriedAndComplete() {
    Zone zone = freshZone("listing");
    sync(provider, zone, List.of(a(zone, "a1", "192.0.2.1"), a(zone, "a2", "192.0.2.2"), a(zone, "a3", "192.0.2.3")));
    stub.clearRequests();
    stub.fail(1, 1, MotoFront.LISTS, 429); // the second page is throttled once

    assertThat(provider.records(zone)).hasSize(2 + 6); // NS, SOA, three A and three TXT
    assertThat(stub.requests(MotoFront.LISTS)).hasSize(3); // pages of 5: one retry
  }

  @Test
  void apply_throttledLongerThanTheRetries_transientNamingThrottling() {
    Zone zone = freshZone("giveup");
    stub.fail(0, RetryPolicy.DEFAULT.maxAttempts(), MotoFront.CHANGES, 429);

    assertThatThrownBy(() -> sync(provider, zone, List.of(a(zone, "api", "192.0.2.1"))))
        .isInstanceOfSatisfying(ProviderException.Transient.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageStartingWith("route53: zone giveup.example.test: change resource record sets failed (HTTP 400): "
            + "Throttling: Rate exceeded");
    assertThat(served(host(zone, "api"), RecordType.A)).isEmpty();
  }

  @Test
  void apply_serverErrorMidBatch_reportsProgressAndNextSyncConverges() {
    Zone zone = freshZone("midbatch");
    List<Desired> many = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      many.add(a(zone, "h" + i, "192.0.2." + (i + 1)));
    }
    stub.fail(1, RetryPolicy.DEFAULT.maxAttempts(), MotoFront.CHANGES, 500);

    assertThatThrownBy(() -> sync(provider, zone, many))
        .isInstanceOfSatisfying(ProviderException.Transient.class, e -> assertThat(e.status()).isEqualTo(500))
        .hasMessageContaining("after 1 of 3 requests, 10 of 30 change groups, had been applied")
        .hasMessageContaining("InternalFailure");
    assertThat(served(host(zone, "h0"), RecordType.A)).containsExactly("192.0.2.1");
    assertThat(served(host(zone, "h29"), RecordType.A)).isEmpty();

    Plan next = sync(provider, zone, many);

    assertThat(next.groups()).hasSize(20);
    for (int i = 0; i < 30; i++) {
      assertThat(served(host(zone, "h" + i), RecordType.A)).containsExactly("192.0.2." + (i + 1));
      assertThat(served(host(zone, "_externaldns.a-h" + i), RecordType.TXT)).hasSize(1);
    }
    assertThat(sync(provider, zone, many).isEmpty()).isTrue();
  }

  @Test
  void apply_createOfExistingSet_refusedWithInvalidChangeBatch() {
    Zone zone = freshZone("exists");
    RecordSet set = RecordSet.of("x.exists.example.test", RecordType.A, 60, "192.0.2.1");
    seed(zone, List.of(set));

    assertThatThrownBy(() -> provider.apply(zone, batch(new Change.Create(set))))
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageStartingWith("route53: zone exists.example.test: change resource record sets refused (HTTP 400): "
            + "InvalidChangeBatch: ")
        .hasMessageContaining("already exists");
  }

  @Test
  void apply_ownedWeightedSet_refusedBeforeAnyRequest() {
    Zone zone = freshZone("weighted");
    Hostname name = host(zone, "wt");
    seed(zone, List.of(MotoFixtures.weighted(name, "blue", 10, "198.51.100.10"),
        RecordSet.of(host(zone, "_externaldns.a-wt"), RecordType.TXT, 300,
            List.of("heritage=external-dns,external-dns/owner=" + OWNER + ",external-dns/resource=service/a/wt"))));
    stub.clearRequests();

    assertThatThrownBy(() -> sync(provider, zone, List.of(a(zone, "wt", "192.0.2.1"))))
        .isInstanceOf(ProviderException.Refused.class)
        .hasMessageContaining("wt.weighted.example.test A not changed: it has a routing policy (weight 10, set identifier"
            + " \"blue\"), which dnsguard reads but never writes");
    assertThat(stub.requests(MotoFront.CHANGES)).isEmpty();
  }

  @Test
  void apply_manyValuesPerSet_splitByTheRecordLimitUpsertCountingTwice() {
    Zone zone = freshZone("records");
    try (Route53Provider small = provider(config().withRequestLimits(20, 12, 32_000))) {
      stub.clearRequests();
      List<Desired> wide = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        wide.add(a(zone, "m" + i, "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"));
      }
      sync(small, zone, wide); // each group: 4 A records + 1 TXT = 5 ResourceRecord elements
      assertThat(resourceRecords()).containsExactly(10, 10, 10);
      stub.clearRequests();

      List<Desired> moved = wide.stream().map(d -> new Desired(d.set().withValues(List.of("192.0.2.9", "192.0.2.8",
          "192.0.2.7", "192.0.2.6")), d.resource())).toList();
      sync(small, zone, moved); // each group: one UPSERT of 4 records = 8

      assertThat(resourceRecords()).containsExactly(8, 8, 8, 8, 8, 8);
      assertThat(served(host(zone, "m5"), RecordType.A)).containsExactly("192.0.2.6", "192.0.2.7", "192.0.2.8",
          "192.0.2.9");
    }
  }

  @Test
  void zones_manyZonesOverSeveralPages_allListed() {
    List<Zone> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(freshZone("page" + i));
    }

    assertThat(provider.zones()).containsAll(created);
  }

  @Test
  void zones_wrongEndpoint_transientConnectionFailure() {
    try (Route53Provider nowhere = new Route53Provider(config().withEndpoint(java.net.URI.create("http://127.0.0.1:1")),
        Calls.standard().withRetry(RetryPolicy.none()))) {
      assertThatThrownBy(nowhere::zones)
          .isInstanceOfSatisfying(ProviderException.Transient.class, e -> assertThat(e.status()).isZero())
          .hasMessageStartingWith("route53: list hosted zones failed");
    }
  }

  private static ChangeBatch batch(Change change) {
    return new ChangeBatch(List.of(new ChangeGroup(change.name(), List.of(change))));
  }
}
