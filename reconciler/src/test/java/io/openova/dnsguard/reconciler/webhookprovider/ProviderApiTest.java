package io.openova.dnsguard.reconciler.webhookprovider;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The protocol and the guard over HTTP, against a real PowerDNS: requests shaped as external-dns
 * v0.21's TXT registry sends them (records with owner/resource labels, their ownership TXT records
 * beside them).
 */
@RealPowerDns
class ProviderApiTest {
  static final String ZONE = "guard.example";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static PowerDnsServer pdns;
  static DnsProvider provider;
  static WebServer server;
  static WebServer authServer;
  static ProviderMetrics metrics = new ProviderMetrics();

  @BeforeAll
  static void start(PowerDnsServer powerDns, @TempDir Path dir) throws Exception {
    pdns = powerDns;
    pdns.createZone(ZONE);
    pdns.createZone("other.test");
    provider = PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())));
    DnsPolicy policy = policy(dir, ZONE);
    server = WebServer.builder().host("127.0.0.1").port(0).maxPayloadSize(ProviderServer.MAX_BODY_BYTES)
        .routing(new ProviderRoutes(provider, () -> policy, null, metrics)::register).build().start();
    Path token = Files.writeString(dir.resolve("region-1.token"), "region-1-secret-token-0123456789\n");
    Path clientsFile = Files.writeString(dir.resolve("clients.yaml"), """
        clients:
          - name: region-1
            tokenFile: %s
            owners: [region-1]
        """.formatted(token));
    authServer = WebServer.builder().host("127.0.0.1").port(0)
        .routing(new ProviderRoutes(provider, () -> policy, Clients.load(clientsFile), new ProviderMetrics())::register)
        .build().start();
  }

  static DnsPolicy policy(Path dir, String zone) throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: fleet}
        spec:
          ownerId: dnsguard
          txtPrefix: "_externaldns."
          txtFormat: new
          unmanagedDomains: deny
          domains:
            - suffix: %s
              namespaces: [default]
        """.formatted(zone));
    return PolicyLoader.load(file);
  }

  @AfterAll
  static void stop() {
    server.stop();
    authServer.stop();
  }

  // --- requests as external-dns's TXT registry builds them ---

  static Endpoint record(String name, String type, String owner, String... targets) {
    return new Endpoint(name, List.of(targets), type, "", 0,
        Map.of("owner", owner, "resource", "service/default/" + name.substring(0, name.indexOf('.'))), List.of());
  }

  static Endpoint txt(String name, String type, String owner) {
    String first = name.substring(0, name.indexOf('.'));
    return new Endpoint("_externaldns." + type.toLowerCase() + "-" + name, List.of(
        "\"heritage=external-dns,external-dns/owner=" + owner + ",external-dns/resource=service/default/" + first + "\""),
        "TXT", "", 0, Map.of("ownedRecord", name), List.of());
  }

  static Changes create(Endpoint... endpoints) {
    return new Changes(List.of(endpoints), List.of(), List.of(), List.of());
  }

  static HttpResponse<String> post(WebServer target, String path, Object body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
        .header("Content-Type", WireCodec.MEDIA_TYPE)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body instanceof String s ? s.getBytes() : WireCodec.write(body)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(WebServer target, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
        .header("Accept", WireCodec.MEDIA_TYPE).build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> rrsets() {
    HttpResponse<String> response = pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null);
    Map<String, String> out = new TreeMap<>();
    for (JsonNode rrset : JSON.readTree(response.body()).path("rrsets")) {
      if (!rrset.path("type").asString().equals("SOA")) {
        out.put(rrset.path("name").asString() + " " + rrset.path("type").asString(), rrset.toString());
      }
    }
    return out;
  }

  static void seed(String rrsetsJson) {
    HttpResponse<String> response = pdns.api("PATCH", "/api/v1/servers/localhost/zones/" + ZONE + ".", "{\"rrsets\":" + rrsetsJson + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  static List<JsonNode> refusals(HttpResponse<String> response) {
    return JSON.readTree(response.body()).path("refused").valueStream().toList();
  }

  // --- the protocol ---

  @Test
  void negotiation_answersMediaTypeAndPolicyDomains() throws Exception {
    HttpResponse<String> response = get(server, "/");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(WireCodec.MEDIA_TYPE);
    assertThat(JSON.readTree(response.body()).path("include").get(0).asString()).isEqualTo(ZONE);
    assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void create_writesRecordAndTheOwnershipTxtExternalDnsSent_andListsThem() throws Exception {
    HttpResponse<String> response = post(server, "/records",
        create(record("web." + ZONE, "A", "region-1", "192.0.2.10"), txt("web." + ZONE, "A", "region-1")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);

    assertThat(rrsets().get("web." + ZONE + ". A")).contains("192.0.2.10");
    assertThat(rrsets().get("_externaldns.a-web." + ZONE + ". TXT"))
        .contains("heritage=external-dns,external-dns/owner=region-1,external-dns/resource=service/default/web");
    JsonNode listed = JSON.readTree(get(server, "/records").body());
    assertThat(listed.valueStream().map(e -> e.path("dnsName").asString() + " " + e.path("recordType").asString()))
        .contains("web." + ZONE + " A", "_externaldns.a-web." + ZONE + " TXT");
    assertThat(listed.valueStream().filter(e -> e.path("recordType").asString().equals("TXT")
        && e.path("dnsName").asString().startsWith("_externaldns.a-web")).findFirst().orElseThrow()
        .path("targets").get(0).asString())
        .isEqualTo("\"heritage=external-dns,external-dns/owner=region-1,external-dns/resource=service/default/web\"");
  }

  @Test
  void update_andDelete_ofOwnNames_areWritten() throws Exception {
    post(server, "/records", create(record("mine." + ZONE, "A", "region-1", "192.0.2.20"), txt("mine." + ZONE, "A", "region-1")));
    HttpResponse<String> update = post(server, "/records", new Changes(List.of(),
        List.of(record("mine." + ZONE, "A", "region-1", "192.0.2.20"), txt("mine." + ZONE, "A", "region-1")),
        List.of(record("mine." + ZONE, "A", "region-1", "192.0.2.21"), txt("mine." + ZONE, "A", "region-1")), List.of()));
    assertThat(update.statusCode()).as(update.body()).isEqualTo(204);
    assertThat(rrsets().get("mine." + ZONE + ". A")).contains("192.0.2.21").doesNotContain("192.0.2.20");

    HttpResponse<String> delete = post(server, "/records", new Changes(List.of(), List.of(), List.of(),
        List.of(record("mine." + ZONE, "A", "region-1", "192.0.2.21"), txt("mine." + ZONE, "A", "region-1"))));
    assertThat(delete.statusCode()).as(delete.body()).isEqualTo(204);
    assertThat(rrsets()).doesNotContainKeys("mine." + ZONE + ". A", "_externaldns.a-mine." + ZONE + ". TXT");
  }

  @Test
  void anotherOwnersName_isRefusedWith500_recordsStayByteForByte_restIsWritten() throws Exception {
    post(server, "/records", create(record("taken." + ZONE, "A", "region-1", "192.0.2.30"), txt("taken." + ZONE, "A", "region-1")));
    Map<String, String> before = rrsets();

    HttpResponse<String> response = post(server, "/records", new Changes(
        List.of(record("taken." + ZONE, "A", "region-2", "198.51.100.1"), txt("taken." + ZONE, "A", "region-2"),
            record("free." + ZONE, "A", "region-2", "198.51.100.2"), txt("free." + ZONE, "A", "region-2")),
        List.of(), List.of(), List.of()));

    assertThat(response.statusCode()).isEqualTo(500);
    List<JsonNode> refused = refusals(response);
    assertThat(refused).singleElement().satisfies(r -> {
      assertThat(r.path("reason").asString()).isEqualTo("owned_by_other");
      assertThat(r.path("dnsName").asString()).isEqualTo("taken." + ZONE);
      assertThat(r.path("message").asString()).contains("region-1");
    });
    Map<String, String> after = rrsets();
    assertThat(after.get("taken." + ZONE + ". A")).isEqualTo(before.get("taken." + ZONE + ". A"));
    assertThat(after.get("_externaldns.a-taken." + ZONE + ". TXT")).isEqualTo(before.get("_externaldns.a-taken." + ZONE + ". TXT"));
    assertThat(after.get("free." + ZONE + ". A")).contains("198.51.100.2");
    assertThat(metrics.scrape()).contains("dnsguard_provider_refused_changes_total{owner=\"region-2\",reason=\"owned_by_other\"}");
  }

  @Test
  void requestOfSeveralParts_anotherOwnersNamesInLaterParts_refused_restWrittenInOrder() throws Exception {
    // more names than one part: later parts are planned while earlier ones are written
    int part = provider.capabilities().namesPerRequest();
    int count = 2 * part + 500;
    List<String> taken = List.of("bulk%05d.%s".formatted(part + 200, ZONE), "bulk%05d.%s".formatted(2 * part + 400, ZONE));
    for (String name : taken) {
      post(server, "/records", create(record(name, "A", "region-1", "192.0.2.200"), txt(name, "A", "region-1")));
    }
    Map<String, String> before = rrsets();
    List<Endpoint> endpoints = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "bulk%05d.%s".formatted(i, ZONE);
      endpoints.add(record(name, "A", "region-2", "198.51.100." + (i % 250 + 1)));
      endpoints.add(txt(name, "A", "region-2"));
    }

    HttpResponse<String> response = post(server, "/records", new Changes(endpoints, List.of(), List.of(), List.of()));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(refusals(response)).extracting(r -> r.path("dnsName").asString() + " " + r.path("reason").asString())
        .containsExactlyInAnyOrder(taken.get(0) + " owned_by_other", taken.get(1) + " owned_by_other");
    assertThat(JSON.readTree(response.body()).path("applied").asInt()).isEqualTo(2 * (count - taken.size()));
    Map<String, String> after = rrsets();
    for (String name : taken) {
      assertThat(after.get(name + ". A")).isEqualTo(before.get(name + ". A"));
      assertThat(after.get("_externaldns.a-" + name + ". TXT")).isEqualTo(before.get("_externaldns.a-" + name + ". TXT"));
    }
    assertThat(after.keySet().stream().filter(k -> k.startsWith("bulk") && k.endsWith(". A"))).hasSize(count);
    assertThat(after.get("bulk%05d.%s. A".formatted(count - 1, ZONE))).contains("198.51.100." + ((count - 1) % 250 + 1));
  }

  @Test
  void deleteOfAnotherOwnersName_isRefused() throws Exception {
    post(server, "/records", create(record("keep." + ZONE, "A", "region-1", "192.0.2.40"), txt("keep." + ZONE, "A", "region-1")));
    Map<String, String> before = rrsets();
    HttpResponse<String> response = post(server, "/records", new Changes(List.of(), List.of(), List.of(),
        List.of(record("keep." + ZONE, "A", "region-2", "192.0.2.40"), txt("keep." + ZONE, "A", "region-2"))));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(refusals(response)).singleElement().satisfies(r -> assertThat(r.path("reason").asString()).isEqualTo("owned_by_other"));
    assertThat(rrsets()).isEqualTo(before);
  }

  @Test
  void luaAndHandMadeRecords_areRefused_luaAsOccupiedHandMadeAsUnowned() throws Exception {
    seed("""
        [{"name":"geo.%1$s.","type":"LUA","ttl":60,"changetype":"REPLACE","records":[{"content":"A \\"ifurlup('http://x/', {'192.0.2.1'})\\"","disabled":false}]},
         {"name":"hand.%1$s.","type":"A","ttl":60,"changetype":"REPLACE","records":[{"content":"192.0.2.99","disabled":false}]}]
        """.formatted(ZONE));
    Map<String, String> before = rrsets();
    HttpResponse<String> response = post(server, "/records", create(
        record("geo." + ZONE, "A", "region-1", "192.0.2.50"), txt("geo." + ZONE, "A", "region-1"),
        record("hand." + ZONE, "A", "region-1", "192.0.2.51"), txt("hand." + ZONE, "A", "region-1")));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(refusals(response)).extracting(r -> r.path("reason").asString()).containsExactly("occupied", "unowned");
    assertThat(rrsets()).isEqualTo(before);
  }

  @Test
  void underscoreLabels_otherTxt_outsidePolicy_otherTypes_areRefused() throws Exception {
    Map<String, String> before = rrsets();
    HttpResponse<String> response = post(server, "/records", create(
        record("_acme-challenge." + ZONE, "A", "region-1", "192.0.2.60"),
        new Endpoint("_externaldns.a-victim." + ZONE, List.of("\"heritage=external-dns,external-dns/owner=region-1\""),
            "TXT", "", 0, Map.of(), List.of()),
        new Endpoint("spf." + ZONE, List.of("\"v=spf1 -all\""), "TXT", "", 0, Map.of("owner", "region-1"), List.of()),
        record("www.other.test", "A", "region-1", "192.0.2.61"),
        new Endpoint("mx." + ZONE, List.of("10 mail.example.net"), "MX", "", 0, Map.of("owner", "region-1"), List.of())));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(refusals(response)).extracting(r -> r.path("dnsName").asString() + " " + r.path("reason").asString())
        .containsExactlyInAnyOrder("_acme-challenge." + ZONE + " underscore_label",
            "spf." + ZONE + " unsupported", "www.other.test outside_policy", "mx." + ZONE + " unsupported",
            // an ownership record with no record beside it claims nothing: its name is refused by its own label
            "_externaldns.a-victim." + ZONE + " underscore_label");
    assertThat(rrsets()).isEqualTo(before);
  }

  @Test
  void severalOwnersInOneRequest_orNone_isForbidden() throws Exception {
    HttpResponse<String> mixed = post(server, "/records", create(
        record("a." + ZONE, "A", "region-1", "192.0.2.70"), txt("a." + ZONE, "A", "region-2")));
    assertThat(mixed.statusCode()).isEqualTo(403);
    assertThat(refusals(mixed)).allSatisfy(r -> assertThat(r.path("reason").asString()).isEqualTo("owner_not_allowed"));
    HttpResponse<String> none = post(server, "/records", create(
        new Endpoint("b." + ZONE, List.of("192.0.2.71"), "A", "", 0, Map.of(), List.of())));
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains("names no owner id");
  }

  @Test
  void badBody_is400_withWhere() throws Exception {
    HttpResponse<String> response = post(server, "/records", "{\"create\": [ {\"dnsName\": 5 ");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("line 1");
  }

  @Test
  void bodyOver32MiB_is413() throws Exception {
    byte[] huge = new byte[(int) ProviderServer.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    // Expect: 100-continue, so the client waits for the server's answer to the headers: without it, a server that
    // answers 413 and closes before the client has sent the body can cost the client the answer (a broken pipe)
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/records"))
        .expectContinue(true).header("Content-Type", WireCodec.MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void adjustEndpoints_returnsThemUnchanged() throws Exception {
    HttpResponse<String> response = post(server, "/adjustendpoints", List.of(record("x." + ZONE, "A", "region-1", "192.0.2.80")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get(0).path("targets").get(0).asString()).isEqualTo("192.0.2.80");
  }

  @Test
  void adjustEndpoints_notAnArrayOfObjects_is400WithWhere() throws Exception {
    HttpResponse<String> object = post(server, "/adjustendpoints", "{\"dnsName\": \"x\"}");
    HttpResponse<String> scalar = post(server, "/adjustendpoints", "[{\"dnsName\": \"x\"}, 5]");
    HttpResponse<String> cut = post(server, "/adjustendpoints", "[{\"dnsName\": ");

    assertThat(object.statusCode()).isEqualTo(400);
    assertThat(object.body()).contains("not a JSON array of endpoints: it starts with '{'");
    assertThat(scalar.statusCode()).isEqualTo(400);
    assertThat(scalar.body()).contains("where an endpoint object belongs").contains("line 1");
    assertThat(cut.statusCode()).isEqualTo(400);
    assertThat(post(server, "/adjustendpoints", "null").body()).isEqualTo("[]");
  }

  // --- who is asking, off loopback ---

  @Test
  void clients_needCredentials_andWriteOnlyAsTheirOwners() throws Exception {
    Changes asRegion1 = create(record("auth." + ZONE, "A", "region-1", "192.0.2.90"), txt("auth." + ZONE, "A", "region-1"));
    assertThat(post(authServer, "/records", asRegion1).statusCode()).isEqualTo(401);
    assertThat(post(authServer, "/records", asRegion1, "Authorization", "Bearer wrong-token-wrong-token").statusCode()).isEqualTo(401);

    Changes asRegion2 = create(record("auth2." + ZONE, "A", "region-2", "192.0.2.91"), txt("auth2." + ZONE, "A", "region-2"));
    HttpResponse<String> impersonating = post(authServer, "/records", asRegion2,
        "Authorization", "Bearer region-1-secret-token-0123456789");
    assertThat(impersonating.statusCode()).isEqualTo(403);
    assertThat(impersonating.body()).contains("client region-1 may not write as external-dns owner \\\"region-2\\\"");
    assertThat(rrsets()).doesNotContainKey("auth2." + ZONE + ". A");

    // Go's HTTP client sends a URL's user info as Basic authentication: the password is the token
    String basic = java.util.Base64.getEncoder().encodeToString("region-1:region-1-secret-token-0123456789".getBytes());
    HttpResponse<String> allowed = post(authServer, "/records", asRegion1, "Authorization", "Basic " + basic);
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(204);
    assertThat(rrsets()).containsKey("auth." + ZONE + ". A");
  }
}
