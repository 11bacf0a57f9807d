package io.openova.dnsguard.providers.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.providers.stub.Strict;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.FakeTime;
import io.openova.dnsguard.provider.support.RetryPolicy;
import io.openova.dnsguard.provider.support.Secret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Cloudflare specifics: proxied, automatic TTL, record-per-value updates, batch fallback, TXT strings, errors. */
class CloudflareProviderTest {

  private static final Ownership OWNERSHIP =
      new Ownership("cf-owner", new TxtNameMapper("_externaldns.", "", ""), TxtFormat.NEW, TxtRecordCodec.plain());

  private final FakeTime time = new FakeTime();
  private CloudflareStub api;
  private StubServer server;
  private Zone zone;

  @BeforeEach
  void start() {
    api = new CloudflareStub(CloudflareProviderContractTest.BATCH);
    server = StubServer.start(api);
    zone = new Zone(api.addZone("example.test"), Hostname.of("example.test"));
  }

  @AfterEach
  void stop() {
    try {
      CloudflareFixtures.assertWellFormed(server.requests());
    } finally {
      server.close();
    }
  }

  private CloudflareProvider provider(boolean proxiedByDefault) {
    return CloudflareFixtures.provider(time, CloudflareFixtures.config(server).withProxiedByDefault(proxiedByDefault));
  }

  /** Reads, adjusts the desired sets as the provider will read them back, plans, applies. */
  private Plan sync(CloudflareProvider provider, List<RecordSet> desired) {
    List<Desired> adjusted = desired.stream()
        .map(set -> new Desired(provider.adjust(set), "httproute/team-a/" + set.name().value().split("\\.")[0]))
        .toList();
    Plan plan = new Planner(OWNERSHIP).plan(zone.name(), adjusted, provider.records(zone));
    if (!plan.isEmpty()) {
      provider.apply(zone, ChangeBatch.of(plan));
    }
    return plan;
  }

  private List<ObjectNode> stored(String name, String type) {
    return api.records(zone.id()).stream()
        .filter(r -> r.path("name").asString().equals(name) && r.path("type").asString().equals(type)).toList();
  }

  private static RecordSet a(String name, long ttl, Map<String, String> properties, String... ips) {
    return new RecordSet(Hostname.of(name), RecordType.A, ttl, List.of(ips), properties);
  }

  @Test
  void apply_proxiedProperty_recordsProxiedWithAutoTtlAndOwnershipTxtNot() {
    CloudflareProvider provider = provider(false);
    RecordSet web = a("web.example.test", 300, Map.of("cloudflare-proxied", "true"), "192.0.2.1");

    sync(provider, List.of(web));

    assertThat(stored("web.example.test", "A")).singleElement().satisfies(r -> {
      assertThat(r.path("proxied").asBoolean()).isTrue();
      assertThat(r.path("ttl").asLong()).isEqualTo(1);
    });
    assertThat(stored("_externaldns.a-web.example.test", "TXT")).singleElement()
        .satisfies(r -> assertThat(r.path("proxied").asBoolean()).isFalse());
    assertThat(provider.records(zone)).contains(
        new RecordSet(Hostname.of("web.example.test"), RecordType.A, 0, List.of("192.0.2.1"),
            Map.of("cloudflare-proxied", "true")));
    assertThat(sync(provider, List.of(web)).isEmpty()).isTrue();
  }

  @Test
  void apply_proxiedByDefaultFlag_appliesUnlessThePropertySaysFalse() {
    CloudflareProvider provider = provider(true);
    RecordSet byDefault = a("api.example.test", 300, Map.of(), "192.0.2.1");
    RecordSet optedOut = a("direct.example.test", 120, Map.of("cloudflare-proxied", "false"), "192.0.2.2");
    RecordSet statesDefault = a("same.example.test", 300, Map.of("cloudflare-proxied", "true"), "192.0.2.3");

    sync(provider, List.of(byDefault, optedOut, statesDefault));

    assertThat(stored("api.example.test", "A").getFirst().path("proxied").asBoolean()).isTrue();
    assertThat(stored("same.example.test", "A").getFirst().path("proxied").asBoolean()).isTrue();
    assertThat(stored("direct.example.test", "A").getFirst().path("proxied").asBoolean()).isFalse();
    assertThat(stored("direct.example.test", "A").getFirst().path("ttl").asLong()).isEqualTo(120);
    assertThat(sync(provider, List.of(byDefault, optedOut, statesDefault)).isEmpty()).isTrue();
  }

  @Test
  void apply_proxyStatusChange_patchesTheRecordInPlace() {
    CloudflareProvider provider = provider(false);
    sync(provider, List.of(a("web.example.test", 300, Map.of(), "192.0.2.1")));
    String id = stored("web.example.test", "A").getFirst().path("id").asString();
    server.clearRequests();

    sync(provider, List.of(a("web.example.test", 300, Map.of("cloudflare-proxied", "true"), "192.0.2.1")));

    assertThat(stored("web.example.test", "A")).singleElement()
        .satisfies(r -> assertThat(r.path("id").asString()).isEqualTo(id))
        .satisfies(r -> assertThat(r.path("proxied").asBoolean()).isTrue());
    JsonNode batch = json().readTree(server.requests(r -> r.path().endsWith("/batch")).getFirst().body());
    // the A record changes in place; its ownership TXT follows the record's (now automatic) TTL
    assertThat(batch.path("patches")).hasSize(2).anySatisfy(p -> assertThat(p.path("id").asString()).isEqualTo(id));
    assertThat(batch.has("posts")).isFalse();
    assertThat(batch.has("deletes")).isFalse();
  }

  @Test
  void apply_valuesChange_keepsUnchangedRecordsDeletesGoneAndPostsNew() {
    CloudflareProvider provider = provider(false);
    sync(provider, List.of(a("multi.example.test", 300, Map.of(), "192.0.2.1", "192.0.2.2")));
    String keptId = stored("multi.example.test", "A").stream()
        .filter(r -> r.path("content").asString().equals("192.0.2.2")).findFirst().orElseThrow().path("id").asString();
    server.clearRequests();

    sync(provider, List.of(a("multi.example.test", 300, Map.of(), "192.0.2.2", "192.0.2.3")));

    assertThat(stored("multi.example.test", "A")).extracting(r -> r.path("content").asString())
        .containsExactlyInAnyOrder("192.0.2.2", "192.0.2.3");
    assertThat(stored("multi.example.test", "A")).anySatisfy(r -> assertThat(r.path("id").asString()).isEqualTo(keptId));
    List<Request> batches = server.requests(r -> r.path().endsWith("/batch"));
    assertThat(batches).hasSize(1);
    JsonNode body = json().readTree(batches.getFirst().body());
    assertThat(body.path("deletes")).hasSize(1);
    assertThat(body.path("posts")).hasSize(1);
  }

  @Test
  void apply_batchEndpointMissing_fallsBackToSingleCallsInGroupOrder() {
    api.disableBatch(404);
    CloudflareProvider provider = provider(false);

    sync(provider, List.of(a("api.example.test", 300, Map.of(), "192.0.2.1"),
        a("www.example.test", 300, Map.of(), "192.0.2.2")));

    List<Request> posts = server.requests(r -> r.method().equals("POST") && r.path().endsWith("/dns_records"));
    assertThat(posts).extracting(r -> json().readTree(r.body()).path("type").asString())
        .containsExactly("TXT", "A", "TXT", "A"); // the claim before the records it covers
    assertThat(server.requests(r -> r.path().endsWith("/batch"))).hasSize(1); // tried once, then remembered
    assertThat(sync(provider, List.of(a("api.example.test", 300, Map.of(), "192.0.2.1"),
        a("www.example.test", 300, Map.of(), "192.0.2.2"))).isEmpty()).isTrue();
  }

  @Test
  void apply_longTxtWithQuotes_cutInto255ByteStringsAndReadBackExactly() {
    CloudflareProvider provider = provider(false);
    String text = "v=DKIM1; say \"hi\" \\ " + "k".repeat(400);
    Hostname name = Hostname.of("sel._domainkey.example.test");

    provider.apply(zone, new ChangeBatch(List.of(new ChangeGroup(name,
        List.of(new Change.Create(RecordSet.of(name, RecordType.TXT, 3600, List.of(text))))))));

    String content = stored(name.value(), "TXT").getFirst().path("content").asString();
    assertThat(content).startsWith("\"v=DKIM1; say \\\"hi\\\" \\\\ ").contains("\" \"");
    assertThat(provider.records(zone)).contains(RecordSet.of(name, RecordType.TXT, 3600, List.of(text)));
  }

  @Test
  void apply_createOfSetSomeoneElseWroteMeanwhile_refusedAndNothingSent() {
    CloudflareProvider provider = provider(false);
    CloudflareFixtures.seed(api, zone, List.of(RecordSet.of("x.example.test", RecordType.A, 300, "198.51.100.7")));
    server.clearRequests();
    ChangeBatch batch = new ChangeBatch(List.of(new ChangeGroup(Hostname.of("x.example.test"),
        List.of(new Change.Create(RecordSet.of("x.example.test", RecordType.A, 300, "192.0.2.1"))))));

    assertThatThrownBy(() -> provider.apply(zone, batch))
        .isInstanceOf(ProviderException.Refused.class)
        .hasMessageContaining("cloudflare: zone example.test: apply CREATE x.example.test")
        .hasMessageContaining("created by someone else meanwhile");
    assertThat(server.requests(Request::isWrite)).isEmpty();
  }

  @Test
  void apply_invalidTtl_refusedWithTheApiErrorCode() {
    CloudflareProvider provider = provider(false);
    ChangeBatch batch = new ChangeBatch(List.of(new ChangeGroup(Hostname.of("t.example.test"),
        List.of(new Change.Create(RecordSet.of("t.example.test", RecordType.A, 20, "192.0.2.1"))))));

    assertThatThrownBy(() -> provider.apply(zone, batch))
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("batch DNS records refused (HTTP 400): code 9021: Invalid TTL");
  }

  @Test
  void zones_wrongToken_refusedNamingTheTokenSourceNotTheToken() {
    CloudflareConfig config = CloudflareFixtures.config(server);
    CloudflareProvider bad = new CloudflareProvider(new CloudflareConfig(config.apiUrl(),
        Secret.fromEnv(Map.of("CF_TOKEN", "wr0ng-t0ken"), "CF_TOKEN"), false, config.batchSize(),
        config.recordsPerPage(), config.requestsPerSecond()), Calls.standard().withRetry(RetryPolicy.none()));

    assertThatThrownBy(bad::zones)
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("cloudflare: list zones refused (HTTP 403): code 10000: Authentication error")
        .hasMessageContaining("check the API token (environment variable CF_TOKEN")
        .hasMessageNotContaining("wr0ng-t0ken");
    server.clearRequests(); // those requests carried the wrong token on purpose
  }

  @Test
  void stub_unknownOrMissingField_answers400LikeTheApi() {
    String records = "/client/v4/zones/" + zone.id() + "/dns_records";

    assertThat(rejection(post(records,
        "{\"type\":\"A\",\"name\":\"a.example.test\",\"content\":\"192.0.2.1\",\"ttl\":300,\"proxy\":true}")))
        .satisfies(r -> assertThat(r.status()).isEqualTo(400)).hasMessageContaining("unknown field(s) [proxy]");
    assertThat(rejection(post(records, "{\"type\":\"A\",\"name\":\"a.example.test\",\"ttl\":300}")))
        .satisfies(r -> assertThat(r.status()).isEqualTo(400)).hasMessageContaining("missing required field \"content\"");
    assertThat(rejection(post(records,
        "{\"type\":\"TXT\",\"name\":\"a.example.test\",\"content\":\"\\\"x\\\"\",\"ttl\":300,\"proxied\":true}")))
        .satisfies(r -> assertThat(r.status()).isEqualTo(400)).hasMessageContaining("cannot be proxied");
  }

  private StubServer.Rejection rejection(Request request) {
    try {
      api.handle(request);
    } catch (StubServer.Rejection r) {
      return r;
    }
    throw new AssertionError("the stub accepted " + request.text());
  }

  private static Request post(String path, String json) {
    return new Request("POST", path, Map.of(), Map.of("authorization", List.of("Bearer " + CloudflareStub.TOKEN),
        "content-type", List.of("application/json")), json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonMapper json() {
    return Strict.json();
  }
}
