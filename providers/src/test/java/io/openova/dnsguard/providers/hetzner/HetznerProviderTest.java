package io.openova.dnsguard.providers.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.Planner;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.providers.stub.Strict;
import io.openova.dnsguard.provider.support.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hetzner specifics: the hourly budget, one request per change, actions polled together, action errors. */
class HetznerProviderTest {

  private static final Ownership OWNERSHIP =
      new Ownership("hz-owner", new TxtNameMapper("_externaldns.", "", ""), TxtFormat.NEW, TxtRecordCodec.plain());

  private final FakeTime time = new FakeTime();
  private HetznerStub api;
  private StubServer server;
  private Zone zone;

  @BeforeEach
  void start() {
    api = new HetznerStub(time);
    server = StubServer.start(api);
    zone = HetznerFixtures.zone(api, "example.test");
  }

  @AfterEach
  void stop() {
    try {
      HetznerFixtures.assertWellFormed(server.requests());
    } finally {
      server.close();
    }
  }

  private HetznerProvider provider(HetznerConfig config) {
    return HetznerFixtures.provider(config, time);
  }

  /** The write requests as the API received them: {@code create NAME/TYPE}, {@code ACTION NAME/TYPE}, {@code delete NAME/TYPE}. */
  private List<String> calls() {
    return server.requests(Request::isWrite).stream().map(r -> {
      String[] path = r.path().split("/");
      String rrset = path.length > 6 ? decode(path[5]) + "/" + decode(path[6]) : "";
      if (r.method().equals("DELETE")) {
        return "delete " + rrset;
      }
      if (path.length > 8 && path[7].equals("actions")) {
        return path[8] + " " + rrset;
      }
      tools.jackson.databind.JsonNode body = Strict.json().readTree(r.body());
      return "create " + body.path("name").asString() + "/" + body.path("type").asString();
    }).toList();
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
  }

  private Plan sync(HetznerProvider provider, int hosts, String ip) {
    List<Desired> desired = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      desired.add(new Desired(RecordSet.of(Hostname.of("h" + i + ".example.test"), RecordType.A, 300, List.of(ip)),
          "service/ns/h" + i));
    }
    Plan plan = new Planner(OWNERSHIP).plan(zone.name(), desired, provider.records(zone));
    if (!plan.isEmpty()) {
      provider.apply(zone, ChangeBatch.of(plan));
    }
    return plan;
  }

  private List<Request> polls() {
    return server.requests(r -> r.path().equals("/v1/actions"));
  }

  @Test
  void apply_threeNames_oneRequestPerChangeAndOnePollPerPhase() {
    HetznerProvider provider = provider(HetznerFixtures.config(server));
    provider.records(zone);
    server.clearRequests();

    provider.apply(zone, ChangeBatch.of(new Planner(OWNERSHIP).plan(zone.name(), List.of(
        new Desired(RecordSet.of("a.example.test", RecordType.A, 300, "192.0.2.1"), "service/ns/a"),
        new Desired(RecordSet.of("b.example.test", RecordType.A, 300, "192.0.2.2"), "service/ns/b"),
        new Desired(RecordSet.of("c.example.test", RecordType.A, 300, "192.0.2.3"), "service/ns/c")), List.of())));

    assertThat(calls()).containsExactly("create _externaldns.a-a/TXT", "create _externaldns.a-b/TXT",
        "create _externaldns.a-c/TXT", "create a/A", "create b/A", "create c/A"); // claims before records
    assertThat(server.requests(Request::isWrite)).hasSize(6);
    assertThat(polls()).hasSize(2).allSatisfy(p -> assertThat(p.params("id")).hasSize(3));
  }

  @Test
  void apply_valuesOrTtlChange_setRecordsOrChangeTtlOnly() {
    HetznerProvider provider = provider(HetznerFixtures.config(server));
    RecordSet before = RecordSet.of("x.example.test", RecordType.A, 300, "192.0.2.1");
    HetznerFixtures.seed(api, zone, List.of(before));

    provider.apply(zone, new ChangeBatch(List.of(new ChangeGroup(before.name(),
        List.of(new Change.Update(before, before.withValues(List.of("192.0.2.9"))))))));
    provider.apply(zone, new ChangeBatch(List.of(new ChangeGroup(before.name(),
        List.of(new Change.Update(before.withValues(List.of("192.0.2.9")), before.withValues(List.of("192.0.2.9"))
            .withTtl(600)))))));

    assertThat(calls()).containsExactly("set_records x/A", "change_ttl x/A");
    assertThat(provider.records(zone)).contains(RecordSet.of("x.example.test", RecordType.A, 600, "192.0.2.9"));
  }

  @Test
  void apply_budgetShortBySeconds_waitsItOutInsteadOfHitting429() {
    HetznerProvider provider = provider(HetznerFixtures.config(server));
    api.remaining(5);

    sync(provider, 3, "192.0.2.1");

    // 3 claims + 3 records + 2 polls = 8 requests; 3 left after reading (zone, rrsets): wait 5 s to refill
    assertThat(time.sleeps()).contains(Duration.ofSeconds(5)).doesNotContain(Duration.ofSeconds(1));
    assertThat(provider.records(zone)).filteredOn(s -> s.type() == RecordType.A).hasSize(3);
  }

  @Test
  void apply_budgetSpentForLong_failsWithClearMessageAndSendsNothing() {
    HetznerProvider provider = provider(HetznerFixtures.config(server).withBudget(3_600, 1_000, 100));
    api.remaining(40);
    provider.records(zone); // zone + rrsets: the server reports 38 left
    server.clearRequests();
    Plan plan = new Planner(OWNERSHIP).plan(zone.name(), List.of(
        new Desired(RecordSet.of("a.example.test", RecordType.A, 300, "192.0.2.1"), "service/ns/a")), List.of());

    assertThatThrownBy(() -> provider.apply(zone, ChangeBatch.of(plan)))
        .isInstanceOfSatisfying(ProviderException.Transient.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(66)))
        .hasMessageContaining("hetzner: zone example.test: apply failed (HTTP 429): the project's API budget is spent")
        .hasMessageContaining("the next 4 requests would leave -62 of the 38 remaining (100 are kept for other clients; 3600 per hour)")
        .hasMessageContaining("0 of 1 change groups are applied and the rest can follow in about 1 min");
    assertThat(server.requests(Request::isWrite)).isEmpty();
  }

  @Test
  void apply_actionEndsInError_refusedWithTheActionsError() {
    HetznerProvider provider = provider(HetznerFixtures.config(server));
    api.failNextAction("zone is locked for maintenance");

    assertThatThrownBy(() -> sync(provider, 1, "192.0.2.1"))
        .isInstanceOf(ProviderException.Refused.class)
        .hasMessageContaining("(create_rrset)")
        .hasMessageContaining("action_failed: zone is locked for maintenance")
        .hasMessageContaining("after 0 of 1 change groups had been applied");
  }

  @Test
  void records_rrsetWithoutTtl_takesTheZoneDefault() {
    HetznerProvider provider = provider(HetznerFixtures.config(server));
    api.put(Long.parseLong(zone.id()), "www", "CNAME", null, List.of("lb.example.net."));
    api.put(Long.parseLong(zone.id()), "rel", "CNAME", 60L, List.of("www"));

    assertThat(provider.records(zone)).contains(
        RecordSet.of("www.example.test", RecordType.CNAME, 3600, "lb.example.net"),
        RecordSet.of("rel.example.test", RecordType.CNAME, 60, "www.example.test"),
        RecordSet.of("example.test", RecordType.NS, 3600, "hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.",
            "helium.ns.hetzner.de."));
  }

  @Test
  void zones_wrongToken_refusedWith401NamingTheSource() {
    HetznerConfig good = HetznerFixtures.config(server);
    HetznerProvider wrong = new HetznerProvider(new HetznerConfig(good.apiUrl(),
        io.openova.dnsguard.provider.support.Secret.fromEnv(Map.of("HZ", "n0pe"), "HZ"), 3600, 10, 0, 10, 7,
        good.actionPoll(), good.actionTimeout()), io.openova.dnsguard.provider.support.Calls.standard()
        .withRetry(io.openova.dnsguard.provider.support.RetryPolicy.none()));

    assertThatThrownBy(wrong::zones)
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("hetzner: list zones refused (HTTP 401): unauthorized: unable to authenticate")
        .hasMessageContaining("check the API token (environment variable HZ")
        .hasMessageNotContaining("n0pe");
    server.clearRequests();
  }

  @Test
  void stub_unknownField_answers400InvalidInput() {
    StubServer.Rejection rejection = null;
    try {
      api.handle(new Request("POST", "/v1/zones/" + zone.id() + "/rrsets", Map.of(),
          Map.of("authorization", List.of("Bearer " + HetznerStub.TOKEN), "content-type", List.of("application/json")),
          "{\"name\":\"a\",\"type\":\"A\",\"ttl\":300,\"records\":[{\"value\":\"192.0.2.1\"}],\"priority\":1}"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (StubServer.Rejection r) {
      rejection = r;
    }

    assertThat(rejection).isNotNull().hasMessageContaining("unknown field(s) [priority]");
    assertThat(rejection.code()).isEqualTo("invalid_input");
  }

  @Test
  void options_tokenFromEnvironment_buildsProviderAndMissingTokenIsAUsageError() {
    Arguments arguments = Arguments.parse(List.of("--provider", "hetzner", "--hetzner-requests-per-hour", "1800"),
        ProviderOptions.OPTIONS, Set.of(), ProviderOptions.FLAGS);

    assertThat(ProviderOptions.from(arguments, Map.of("DNSGUARD_HETZNER_TOKEN", "t"))).get()
        .isInstanceOf(HetznerProvider.class);
    assertThatThrownBy(() -> ProviderOptions.from(arguments, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("the Hetzner Cloud API token is missing: set DNSGUARD_HETZNER_TOKEN or --hetzner-token-file");
  }
}
