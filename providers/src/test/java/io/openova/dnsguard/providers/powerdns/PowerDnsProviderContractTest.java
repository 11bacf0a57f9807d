package io.openova.dnsguard.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.stub.Forwarding;
import io.openova.dnsguard.providers.stub.Strict;
import io.openova.dnsguard.providers.StubbedProviderContractTest;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider contract against a real PowerDNS (SQLite backend, API on loopback), answers checked over DNS. */
@RealPowerDns
class PowerDnsProviderContractTest extends StubbedProviderContractTest {

  private PowerDnsServer pdns;
  private PowerDnsProvider provider;
  private StubServer faults;

  @BeforeEach
  void start(PowerDnsServer server) {
    pdns = server;
    // Requests pass through a forwarding stub so the suite can inject 429s and 500s in front of the real server.
    faults = StubServer.start(new Forwarding(pdns.apiUrl()));
    PowerDnsConfig direct = PowerDnsFixtures.config(pdns).withPatchLimits(1_000_000, 20);
    provider = new PowerDnsProvider(direct.withApiUrl(faults.uri()), Calls.standard().withTime(time, () -> 0.5));
  }

  @AfterEach
  void stopFaults() {
    faults.close();
  }

  @Override
  protected StubServer stub() {
    return faults;
  }

  @Override
  protected Predicate<Request> writes() {
    return r -> r.method().equals("PATCH");
  }

  @Override
  protected Zone freshZone(String label) {
    return PowerDnsFixtures.createZone(pdns, label + ".example.test");
  }

  @Override
  protected DnsProvider provider() {
    return provider;
  }

  @Override
  protected void seed(Zone zone, List<RecordSet> sets) {
    PowerDnsFixtures.seed(pdns, zone, sets);
  }

  @Override
  protected String raw(Zone zone, Hostname name, RecordType type) {
    return PowerDnsFixtures.raw(pdns, zone, name, type);
  }

  @Override
  protected List<String> served(Hostname name, RecordType type) {
    List<String> answers = new DnsQuery(pdns.dnsPort()).answers(name.value(), type.name());
    return type == RecordType.CNAME ? answers.stream().map(a -> a.replaceAll("\\.$", "")).toList() : answers;
  }

  @Override
  protected List<Integer> writeRequestSizes() {
    // Rrsets per PATCH as PowerDNS received them through the forwarding stub.
    return faults.requests(writes()).stream().map(r -> Strict.json().readTree(r.body()).path("rrsets").size()).toList();
  }

  @Override
  protected List<RecordSet> foreignSets(Hostname zone) {
    List<RecordSet> sets = new ArrayList<>(super.foreignSets(zone));
    sets.add(RecordSet.of("lua." + zone.value(), RecordType.LUA, 300, "A \"ifportup(443, {'192.0.2.1', '192.0.2.2'})\""));
    return sets;
  }

  @Test
  void apply_cnameBesideExistingA_refusedWith422Text() {
    Zone zone = freshZone("conflict");
    seed(zone, List.of(RecordSet.of("www.conflict.example.test", RecordType.A, 300, "192.0.2.1")));
    ChangeBatch batch = new ChangeBatch(List.of(new ChangeGroup(Hostname.of("www.conflict.example.test"),
        List.of(new Change.Create(RecordSet.of("www.conflict.example.test", RecordType.CNAME, 300, "lb.example.net"))))));

    assertThatThrownBy(() -> provider.apply(zone, batch))
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(422))
        .hasMessageStartingWith("powerdns: zone conflict.example.test: PATCH rrsets refused (HTTP 422): ")
        .hasMessageContaining("Conflicts with pre-existing RRset");
  }

  @Test
  void zones_wrongApiKey_refusedNamingTheKeySource() {
    PowerDnsProvider wrong = PowerDnsProvider.create(
        PowerDnsConfig.of(pdns.apiUrl(), Secret.fromEnv(java.util.Map.of("PDNS_KEY", "nope"), "PDNS_KEY")));

    assertThatThrownBy(wrong::zones)
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("powerdns: list zones refused (HTTP 401)")
        .hasMessageContaining("check the API key (environment variable PDNS_KEY)")
        .hasMessageNotContaining("nope");
  }

  @Test
  void records_missingZone_refusedWith404() {
    assertThatThrownBy(() -> provider.records(new Zone("absent.example.test.", Hostname.of("absent.example.test"))))
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isIn(404, 422))
        .hasMessageContaining("zone absent.example.test: read zone refused");
  }

  @Test
  void apply_txtWithQuotesAndLongContent_servedExactly() {
    Zone zone = freshZone("txt");
    String text = "say \"hi\" \\ " + "x".repeat(300);
    Hostname name = Hostname.of("t.txt.example.test");

    provider.apply(zone, new ChangeBatch(List.of(new ChangeGroup(name,
        List.of(new Change.Create(RecordSet.of(name, RecordType.TXT, 60, List.of(text))))))));

    // DnsQuery gives dnsjava's presentation of each character-string: '"' and '\' escaped.
    assertThat(served(name, RecordType.TXT)).containsExactly(text.replace("\\", "\\\\").replace("\"", "\\\""));
    assertThat(provider.records(zone)).contains(RecordSet.of(name, RecordType.TXT, 60, List.of(text)));
  }
}
