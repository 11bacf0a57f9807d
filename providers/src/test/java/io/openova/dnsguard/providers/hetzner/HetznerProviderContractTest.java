package io.openova.dnsguard.providers.hetzner;

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
 * The provider contract against a stateful Hetzner Cloud API stub (rrsets, rrset actions, Actions
 * that run until polled, rate-limit headers; pages of 7, waves of 10); afterwards every request is
 * checked against the API's shapes.
 */
class HetznerProviderContractTest extends StubbedProviderContractTest {

  private HetznerStub api;
  private StubServer server;
  private HetznerProvider provider;

  @BeforeEach
  void start() {
    api = new HetznerStub(time);
    server = StubServer.start(api);
    provider = HetznerFixtures.provider(HetznerFixtures.config(server), time);
  }

  @AfterEach
  void checkRequestsAndStop() {
    try {
      HetznerFixtures.assertWellFormed(server.requests());
    } finally {
      server.close();
    }
  }

  @Override
  protected Zone freshZone(String label) {
    return HetznerFixtures.zone(api, label + ".example.test");
  }

  @Override
  protected DnsProvider provider() {
    return provider;
  }

  @Override
  protected void seed(Zone zone, List<RecordSet> sets) {
    HetznerFixtures.seed(api, zone, sets);
  }

  @Override
  protected String raw(Zone zone, Hostname name, RecordType type) {
    String relative = io.openova.dnsguard.provider.support.Names.relative(zone.name(), name);
    return api.rrsets(Long.parseLong(zone.id())).stream()
        .filter(r -> r.path("name").asString().equals(relative) && r.path("type").asString().equals(type.name()))
        .map(ObjectNode::toString).toList().toString();
  }

  @Override
  protected List<String> served(Hostname name, RecordType type) {
    return HetznerFixtures.served(api, provider.zones(), name, type);
  }

  @Override
  protected List<Integer> writeRequestSizes() {
    return server.requests(Request::isWrite).stream().map(write -> 1).toList(); // one rrset per request
  }

  @Override
  protected StubServer stub() {
    return server;
  }

  @Override
  protected Predicate<Request> writes() {
    return Request::isWrite;
  }
}
