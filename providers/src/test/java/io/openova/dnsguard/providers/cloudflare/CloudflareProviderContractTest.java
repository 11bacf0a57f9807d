package io.openova.dnsguard.providers.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.StubbedProviderContractTest;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.Strict;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The provider contract against a stateful Cloudflare API v4 stub (batches of at most 10
 * operations, pages of 7 records); afterwards every request is checked against the API's shapes.
 */
class CloudflareProviderContractTest extends StubbedProviderContractTest {

  static final int BATCH = 10;
  static final int PER_PAGE = 7;

  private CloudflareStub api;
  private StubServer server;
  private CloudflareProvider provider;

  @BeforeEach
  void start() {
    api = new CloudflareStub(BATCH);
    server = StubServer.start(api);
    provider = CloudflareFixtures.provider(time, CloudflareFixtures.config(server));
  }

  @AfterEach
  void checkRequestsAndStop() {
    try {
      CloudflareFixtures.assertWellFormed(server.requests());
    } finally {
      server.close();
    }
  }

  @Override
  protected Zone freshZone(String label) {
    String name = label + ".example.test";
    return new Zone(api.addZone(name), Hostname.of(name));
  }

  @Override
  protected DnsProvider provider() {
    return provider;
  }

  @Override
  protected void seed(Zone zone, List<RecordSet> sets) {
    CloudflareFixtures.seed(api, zone, sets);
  }

  @Override
  protected String raw(Zone zone, Hostname name, RecordType type) {
    return api.records(zone.id()).stream()
        .filter(r -> r.path("name").asString().equals(name.value()) && r.path("type").asString().equals(type.name()))
        .map(ObjectNode::toString).sorted().toList().toString();
  }

  @Override
  protected List<String> served(Hostname name, RecordType type) {
    return CloudflareFixtures.served(api, provider.zones(), name, type);
  }

  @Override
  protected List<Integer> writeRequestSizes() {
    // Record operations per batch request as the stub received them; one per record-set change of one value.
    return server.requests(r -> r.path().endsWith("/dns_records/batch")).stream().map(r -> {
      tools.jackson.databind.JsonNode body = Strict.json().readTree(r.body());
      return body.path("deletes").size() + body.path("patches").size() + body.path("posts").size()
          + body.path("puts").size();
    }).toList();
  }

  @Override
  protected StubServer stub() {
    return server;
  }

  @Override
  protected Predicate<Request> writes() {
    return Request::isWrite;
  }

  @Override
  protected List<RecordSet> foreignSets(Hostname zone) {
    List<RecordSet> sets = new ArrayList<>(super.foreignSets(zone));
    sets.add(new RecordSet(Hostname.of("cdn." + zone.value()), RecordType.A, 0, List.of("198.51.100.9"),
        Map.of(CloudflareRecordMapper.PROXIED, "true")));
    return sets;
  }

  @Test
  void apply_afterSuite_everyRequestCarriedTheToken() {
    Zone zone = freshZone("token");
    sync(provider, zone, List.of(a(zone, "api", "192.0.2.1")));

    assertThat(server.requests()).isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("Authorization")).contains("Bearer " + CloudflareStub.TOKEN));
  }
}
