package io.openova.dnsguard.providers.azure;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.StubbedProviderContractTest;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.node.ObjectNode;

/**
 * The provider contract against a stateful Azure DNS (Resource Manager) and Entra ID stub: record
 * sets in pages of 7, zones in pages of 2 via nextLink, conditional writes; afterwards every
 * request is checked against the API's shapes.
 */
class AzureProviderContractTest extends StubbedProviderContractTest {

  private AzureStub api;
  private StubServer server;
  private AzureProvider provider;

  @BeforeEach
  void start() {
    api = new AzureStub(2);
    server = StubServer.start(api);
    api.at(server.uri());
    provider = AzureFixtures.provider(AzureFixtures.config(server, AzureFixtures.secret()), time);
  }

  @AfterEach
  void checkRequestsAndStop() {
    try {
      AzureFixtures.assertWellFormed(server.requests());
    } finally {
      server.close();
    }
  }

  @Override
  protected Zone freshZone(String label) {
    String name = label + ".example.test";
    api.addZone(name);
    return new Zone(name, Hostname.of(name));
  }

  @Override
  protected DnsProvider provider() {
    return provider;
  }

  @Override
  protected void seed(Zone zone, List<RecordSet> sets) {
    AzureFixtures.seed(api, zone, sets);
  }

  @Override
  protected String raw(Zone zone, Hostname name, RecordType type) {
    String relative = io.openova.dnsguard.provider.support.Names.relative(zone.name(), name);
    return api.recordSets(zone.id()).stream()
        .filter(s -> s.path("name").asString().equals(relative)
            && s.path("type").asString().endsWith("/" + type.name()))
        .map(ObjectNode::toString).toList().toString();
  }

  @Override
  protected List<String> served(Hostname name, RecordType type) {
    return AzureFixtures.served(api, provider.zones(), name, type);
  }

  @Override
  protected List<Integer> writeRequestSizes() {
    // One record set per PUT or DELETE, as the stub received them.
    return server.requests(r -> r.method().equals("PUT") || r.method().equals("DELETE")).stream().map(r -> 1).toList();
  }

  @Override
  protected StubServer stub() {
    return server;
  }

  @Override
  protected Predicate<Request> writes() {
    return r -> r.isWrite() && !r.path().endsWith("/token");
  }

  @Override
  protected Predicate<Request> throttled() {
    return r -> !r.path().endsWith("/token");
  }
}
