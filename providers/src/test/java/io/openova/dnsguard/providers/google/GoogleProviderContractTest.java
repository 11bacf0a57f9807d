package io.openova.dnsguard.providers.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.StubbedProviderContractTest;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.Strict;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider contract against {@link GoogleDnsApi}, a stateful Cloud DNS v1 stand-in that checks
 * every request against Google's discovery document. Listings come in pages of 7 and changes
 * carry at most 20 record-set changes.
 */
class GoogleProviderContractTest extends StubbedProviderContractTest {

  private static final String PROJECT = "dnsguard-test";
  private static final String TOKEN = "ya29.test-token";

  private GoogleDnsApi api;
  private StubServer stub;
  private GoogleProvider provider;

  @BeforeEach
  void start() {
    api = new GoogleDnsApi(PROJECT, TOKEN, 7);
    stub = StubServer.start(api);
    provider = provider(config());
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private GoogleConfig config() {
    return GoogleConfig.of(PROJECT).withApiUrl(stub.uri())
        .withCredentials(new GoogleConfig.Credentials.FixedToken(Secret.of(TOKEN)))
        .withRequestLimits(20, 100_000)
        .withPageSize(50);
  }

  private GoogleProvider provider(GoogleConfig config) {
    return new GoogleProvider(config, Calls.standard().withTime(time, () -> 0.5));
  }

  @Override
  protected Zone freshZone(String label) {
    String dnsName = label + ".example.test.";
    api.createZone(label + "-zone", dnsName);
    return new Zone(label + "-zone", Hostname.of(dnsName));
  }

  @Override
  protected DnsProvider provider() {
    return provider;
  }

  /** As gcloud or another tool writes: absolute names, TXT rrdatas quoted, CNAME targets absolute. */
  @Override
  protected void seed(Zone zone, List<RecordSet> sets) {
    for (RecordSet set : sets) {
      List<String> rrdatas = set.values().stream().map(v -> switch (set.type()) {
        case TXT -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        case CNAME -> v + ".";
        default -> v;
      }).toList();
      api.put(zone.id(), api.rrset(set.name().value() + ".", set.type().name(), set.ttl(), rrdatas));
    }
  }

  @Override
  protected String raw(Zone zone, Hostname name, RecordType type) {
    return api.rrsets(zone.id()).stream()
        .filter(r -> r.path("name").asString().equals(name.value() + ".") && r.path("type").asString().equals(type.name()))
        .map(JsonNode::toString).findFirst().orElse("");
  }

  @Override
  protected List<String> served(Hostname name, RecordType type) {
    return api.rrsetsEverywhere().stream()
        .filter(r -> r.path("name").asString().equals(name.value() + ".") && r.path("type").asString().equals(type.name()))
        .flatMap(r -> r.path("rrdatas").valueStream().map(JsonNode::asString))
        .map(v -> switch (type) {
          case TXT -> v.replaceAll("^\"|\"$", "").replace("\" \"", "").replace("\\\"", "\"").replace("\\\\", "\\");
          case CNAME -> v.replaceAll("\\.$", "");
          default -> v;
        })
        .sorted().toList();
  }

  @Override
  protected List<Integer> writeRequestSizes() {
    return changeSizes(stub.requests(GoogleDnsApi.CHANGES));
  }

  // Record-set changes per changes.create, as Cloud DNS received them: an update is a deletion and an addition of one name and type.
  private static List<Integer> changeSizes(List<StubServer.Request> changes) {
    return changes.stream().map(r -> {
      tools.jackson.databind.JsonNode body = Strict.json().readTree(r.body());
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (String field : List.of("additions", "deletions")) {
        body.path(field).forEach(rrset -> keys.add(rrset.path("name").asString() + " " + rrset.path("type").asString()));
      }
      return keys.size();
    }).toList();
  }

  @Override
  protected StubServer stub() {
    return stub;
  }

  @Override
  protected Predicate<Request> writes() {
    return GoogleDnsApi.CHANGES;
  }

  private static ChangeBatch batch(Change... changes) {
    return new ChangeBatch(List.of(new ChangeGroup(changes[0].name(), List.of(changes))));
  }

  @Test
  void apply_requests_followTheDiscoveryDocumentWithBearerToken() {
    Zone zone = freshZone("shape");
    sync(provider, zone, List.of(a(zone, "api", "192.0.2.1")));
    sync(provider, zone, List.of(a(zone, "api", "192.0.2.2")));

    List<StubServer.Request> changes = stub.requests(GoogleDnsApi.CHANGES);
    assertThat(stub.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).contains("Bearer " + TOKEN));
    assertThat(changes).hasSize(2).allSatisfy(r -> assertThat(r.path())
        .isEqualTo("/dns/v1/projects/dnsguard-test/managedZones/shape-zone/changes"));
    JsonNode update = JsonMapper.builder().build().readTree(changes.get(1).body());
    assertThat(update.path("kind").asString()).isEqualTo("dns#change");
    assertThat(update.path("deletions")).singleElement().satisfies(d -> {
      assertThat(d.path("name").asString()).isEqualTo("api.shape.example.test.");
      assertThat(d.path("rrdatas").get(0).asString()).isEqualTo("192.0.2.1");
    });
    assertThat(update.path("additions")).singleElement().satisfies(a -> {
      assertThat(a.path("kind").asString()).isEqualTo("dns#resourceRecordSet");
      assertThat(a.path("ttl").asInt()).isEqualTo(300);
      assertThat(a.path("rrdatas").get(0).asString()).isEqualTo("192.0.2.2");
    });
  }

  @Test
  void stub_wrongFieldOrRelativeName_answers400() throws Exception {
    Zone zone = freshZone("strict");
    HttpClient http = HttpClient.newHttpClient();
    String url = stub.uri() + "/dns/v1/projects/" + PROJECT + "/managedZones/" + zone.id() + "/changes";

    HttpResponse<String> unknownField = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"additions\":[{\"name\":\"a.strict.example.test.\",\"type\":\"A\","
            + "\"ttl\":60,\"rrdata\":[\"192.0.2.1\"]}]}")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> relative = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"additions\":[{\"name\":\"a.strict.example.test\",\"type\":\"A\","
            + "\"ttl\":60,\"rrdatas\":[\"192.0.2.1\"]}]}")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknownParameter = http.send(HttpRequest.newBuilder(URI.create(url.replace("/changes",
        "/rrsets?page=2"))).header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.body()).contains("Unknown name \\\"rrdata\\\"");
    assertThat(relative.statusCode()).isEqualTo(400);
    assertThat(relative.body()).contains("trailing dot");
    assertThat(unknownParameter.statusCode()).isEqualTo(400);
  }

  @Test
  void apply_answerLostAfterApplying_409OnRetryThenRebasedToNothing() {
    Zone zone = freshZone("lost");
    api.loseAnswers(1);

    sync(provider, zone, List.of(a(zone, "api", "192.0.2.1")));

    assertThat(served(host(zone, "api"), RecordType.A)).containsExactly("192.0.2.1");
    assertThat(stub.requests(GoogleDnsApi.CHANGES)).hasSize(2); // applied-but-lost, then 409 alreadyExists
    assertThat(sync(provider, zone, List.of(a(zone, "api", "192.0.2.1"))).isEmpty()).isTrue();
  }

  @Test
  void apply_updateAnswerLost_412OnRetryThenRebasedToNothing() {
    Zone zone = freshZone("lostupdate");
    sync(provider, zone, List.of(a(zone, "api", "192.0.2.1")));
    api.loseAnswers(1);

    sync(provider, zone, List.of(a(zone, "api", "192.0.2.9")));

    assertThat(served(host(zone, "api"), RecordType.A)).containsExactly("192.0.2.9");
  }

  @Test
  void apply_deletionSpelledDifferentlySinceRead_412ThenRetriedAsNowListed() {
    Zone zone = freshZone("respelled");
    sync(provider, zone, List.of(a(zone, "api", "192.0.2.1")));
    provider.records(zone);
    Hostname txt = host(zone, "_externaldns.a-api");
    String ownership = served(txt, RecordType.TXT).getFirst();
    // Another tool rewrites the same text in two character-strings: same record set, different rrdata.
    api.beforeNextChange(() -> api.put(zone.id(), api.rrset(txt.value() + ".", "TXT", 300,
        List.of("\"" + ownership.substring(0, 10) + "\" \"" + ownership.substring(10) + "\""))));

    sync(provider, zone, List.of());

    assertThat(served(host(zone, "api"), RecordType.A)).isEmpty();
    assertThat(served(txt, RecordType.TXT)).isEmpty();
    assertThat(stub.requests(GoogleDnsApi.CHANGES)).hasSize(3); // create, 412, rebased delete
  }

  @Test
  void apply_setChangedBySomeoneElseSinceRead_refusedAndLeftAlone() {
    Zone zone = freshZone("raced");
    sync(provider, zone, List.of(a(zone, "api", "192.0.2.1")));
    api.beforeNextChange(() -> api.put(zone.id(), api.rrset("api.raced.example.test.", "A", 300, List.of("198.51.100.7"))));

    assertThatThrownBy(() -> sync(provider, zone, List.of(a(zone, "api", "192.0.2.2"))))
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(412))
        .hasMessageStartingWith("google: zone raced.example.test: create change refused (HTTP 412): conditionNotMet: ")
        .hasMessageContaining("changed by someone else since it was read");
    assertThat(served(host(zone, "api"), RecordType.A)).containsExactly("198.51.100.7");
  }

  @Test
  void apply_routingPolicySet_readButRefusedToWrite() {
    Zone zone = freshZone("routing");
    var geo = api.rrset("geo.routing.example.test.", "A", 60, List.of());
    geo.remove("rrdatas");
    geo.putObject("routingPolicy").putObject("geo").putArray("items").addObject().put("location", "europe-west1")
        .putArray("rrdatas").add("192.0.2.10");
    api.put(zone.id(), geo);

    RecordSet read = provider.records(zone).stream().filter(s -> s.name().value().startsWith("geo.")).findFirst()
        .orElseThrow();

    assertThat(read.properties()).containsKey(GoogleRecordMapper.ROUTING_POLICY);
    assertThatThrownBy(() -> provider.apply(zone, batch(new Change.Delete(read))))
        .isInstanceOf(ProviderException.Refused.class).hasMessageContaining("routing policy");
    assertThat(stub.requests(GoogleDnsApi.CHANGES)).isEmpty();
  }

  @Test
  void zones_wrongToken_refusedNamingTheSourceNotTheToken() {
    GoogleProvider wrong = provider(config().withCredentials(new GoogleConfig.Credentials.FixedToken(
        Secret.of("ya29.wrong"))));

    assertThatThrownBy(wrong::zones)
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageStartingWith("google: list managed zones refused (HTTP 401): authError: ")
        .hasMessageContaining("check the credentials (the fixed token from configuration)")
        .hasMessageNotContaining("ya29.wrong");
  }

  @Test
  void apply_cnameBesideA_refusedWith400() {
    Zone zone = freshZone("cname");
    seed(zone, List.of(RecordSet.of("www.cname.example.test", RecordType.A, 300, "192.0.2.1")));

    assertThatThrownBy(() -> provider.apply(zone, batch(new Change.Create(
        RecordSet.of("www.cname.example.test", RecordType.CNAME, 300, "lb.example.net")))))
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("cnameResourceRecordSetConflict");
  }

  @Test
  void apply_txtWithQuotesAndLongText_roundTrips() {
    Zone zone = freshZone("txt");
    RecordSet text = RecordSet.of(Hostname.of("t.txt.example.test"), RecordType.TXT, 60,
        List.of("say \"hi\" \\ " + "x".repeat(300)));

    provider.apply(zone, batch(new Change.Create(text)));

    assertThat(provider.records(zone)).contains(text);
    assertThat(raw(zone, text.name(), RecordType.TXT)).contains("\\\"say \\\\\\\"hi");
  }

  @Test
  void apply_manyGroups_rrdataBytesLimitCutsBetweenGroups() {
    Zone zone = freshZone("bytes");
    GoogleProvider small = provider(config().withRequestLimits(20, 1024));
    List<Desired> many = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      many.add(a(zone, "b" + i, "192.0.2." + (i + 1)));
    }
    stub.clearRequests();

    sync(small, zone, many); // ~110 bytes of rrdata per group: 9 groups per change at most

    assertThat(changeSizes(stub.requests(GoogleDnsApi.CHANGES))).hasSizeGreaterThanOrEqualTo(2).allSatisfy(size -> assertThat(size).isEven());
    assertThat(served(host(zone, "b11"), RecordType.A)).containsExactly("192.0.2.12");
  }
}
