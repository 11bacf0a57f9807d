package io.openova.dnsguard.reconciler.webhookprovider;

import static io.openova.dnsguard.reconciler.webhookprovider.ProviderApiTest.create;
import static io.openova.dnsguard.reconciler.webhookprovider.ProviderApiTest.get;
import static io.openova.dnsguard.reconciler.webhookprovider.ProviderApiTest.post;
import static io.openova.dnsguard.reconciler.webhookprovider.ProviderApiTest.record;
import static io.openova.dnsguard.reconciler.webhookprovider.ProviderApiTest.txt;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ListedSet;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.ForwardingProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /records} serves a zone's listing again while its SOA is unchanged: what another
 * writer puts in PowerDNS, and what dnsguard writes itself, is listed at the next request; a zone
 * whose serial does not move with writes is listed every time. Real PowerDNS, over HTTP.
 */
@RealPowerDns
class ZoneListingsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path dir;
  private WebServer server;

  private final AtomicInteger listings = new AtomicInteger();

  private WebServer serve(PowerDnsServer pdns, String zone) throws Exception {
    pdns.createZone(zone);
    DnsProvider provider = new CountingListings(PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey()))));
    DnsPolicy policy = ProviderApiTest.policy(dir, zone);
    server = WebServer.builder().host("127.0.0.1").port(0)
        .routing(new ProviderRoutes(provider, () -> policy, null, new ProviderMetrics())::register).build().start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aRecordAnotherWriterAddsIsListedAtTheNextRequest(PowerDnsServer pdns) throws Exception {
    WebServer provider = serve(pdns, "listed-other.test");
    assertThat(names(provider)).doesNotContain("hand.listed-other.test A");
    int listed = listings.get();
    assertThat(names(provider)).doesNotContain("hand.listed-other.test A");
    assertThat(listings.get()).as("served from the listing kept").isEqualTo(listed);

    patch(pdns, "listed-other.test", "hand.listed-other.test.", "A", "192.0.2.50");

    assertThat(names(provider)).contains("hand.listed-other.test A");
  }

  @Test
  void whatDnsguardWritesIsListedAtTheNextRequest(PowerDnsServer pdns) throws Exception {
    WebServer provider = serve(pdns, "listed-own.test");
    assertThat(names(provider)).doesNotContain("app.listed-own.test A");

    HttpResponse<String> written = post(provider, "/records", create(record("app.listed-own.test", "A", "region-1", "192.0.2.10"),
        txt("app.listed-own.test", "A", "region-1")));
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);

    assertThat(names(provider)).contains("app.listed-own.test A", "_externaldns.a-app.listed-own.test TXT");
    // and a deletion by hand after it
    patch(pdns, "listed-own.test", "app.listed-own.test.", "A", null);
    assertThat(names(provider)).doesNotContain("app.listed-own.test A");
  }

  @Test
  void aZoneWhoseSerialStandsStillIsListedEveryTime(PowerDnsServer pdns) throws Exception {
    WebServer provider = serve(pdns, "listed-still.test");
    HttpResponse<String> off = pdns.api("PUT", "/api/v1/servers/localhost/zones/listed-still.test.", "{\"soa_edit_api\":\"\"}");
    assertThat(off.statusCode()).as(off.body()).isEqualTo(204);
    assertThat(names(provider)).doesNotContain("app.listed-still.test A");
    HttpResponse<String> written = post(provider, "/records", create(record("app.listed-still.test", "A", "region-1", "192.0.2.10"),
        txt("app.listed-still.test", "A", "region-1")));
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
    assertThat(names(provider)).contains("app.listed-still.test A");
    String soa = soa(pdns, "listed-still.test");

    patch(pdns, "listed-still.test", "hand.listed-still.test.", "A", "192.0.2.51");

    assertThat(soa(pdns, "listed-still.test")).as("the serial stood still").isEqualTo(soa);
    assertThat(names(provider)).contains("hand.listed-still.test A");
  }

  @Test
  void aRequestRefusedWholeSaysNothingOfTheSerial(PowerDnsServer pdns) throws Exception {
    WebServer provider = serve(pdns, "listed-refused.test");
    patch(pdns, "listed-refused.test", "hand.listed-refused.test.", "A", "192.0.2.52"); // unowned: refused
    HttpResponse<String> refused = post(provider, "/records", create(record("hand.listed-refused.test", "A", "region-1", "192.0.2.10"),
        txt("hand.listed-refused.test", "A", "region-1")));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(500);
    assertThat(names(provider)).contains("hand.listed-refused.test A");

    int listed = listings.get();
    assertThat(names(provider)).contains("hand.listed-refused.test A");
    assertThat(listings.get()).as("still served from a kept listing: nothing was written, the serial stood for nothing")
        .isEqualTo(listed);
  }

  /** Counts the zone listings the provider serves. */
  private final class CountingListings extends ForwardingProvider {
    CountingListings(DnsProvider delegate) {
      super(delegate);
    }

    @Override
    public List<ListedSet> listing(Zone zone) {
      listings.incrementAndGet();
      return super.listing(zone);
    }

    @Override
    public void apply(Zone zone, ChangeBatch batch) {
      delegate.apply(zone, batch);
    }
  }

  private static Set<String> names(WebServer provider) throws Exception {
    HttpResponse<String> listed = get(provider, "/records");
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    return JSON.readTree(listed.body()).valueStream()
        .map(e -> e.path("dnsName").asString() + " " + e.path("recordType").asString())
        .collect(Collectors.toSet());
  }

  private static void patch(PowerDnsServer pdns, String zone, String name, String type, @Nullable String content) {
    String rrset = content == null
        ? "{\"name\":\"%s\",\"type\":\"%s\",\"changetype\":\"DELETE\"}".formatted(name, type)
        : "{\"name\":\"%s\",\"type\":\"%s\",\"ttl\":300,\"changetype\":\"REPLACE\",\"records\":[{\"content\":%s,\"disabled\":false}]}"
            .formatted(name, type, JSON.writeValueAsString(content));
    HttpResponse<String> response = pdns.api("PATCH", "/api/v1/servers/localhost/zones/" + zone + ".", "{\"rrsets\":[" + rrset + "]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private static String soa(PowerDnsServer pdns, String zone) {
    HttpResponse<String> response = pdns.api("GET", "/api/v1/servers/localhost/zones/" + zone + ".?rrset_type=SOA&rrset_name=" + zone + ".", null);
    List<JsonNode> sets = JSON.readTree(response.body()).path("rrsets").valueStream()
        .filter(set -> set.path("type").asString().equals("SOA")).toList();
    assertThat(sets).hasSize(1);
    return sets.getFirst().toString();
  }
}
