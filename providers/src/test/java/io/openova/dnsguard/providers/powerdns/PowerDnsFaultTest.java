package io.openova.dnsguard.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.PlanInvariants;
import io.openova.dnsguard.policies.plan.Planner;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.policy.TxtSettings;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.stub.Forwarding;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.FakeTime;
import io.openova.dnsguard.provider.support.RetryPolicy;
import java.io.UncheckedIOException;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * PowerDNS goes away in the middle of a batch and comes back: nothing lost, nothing doubled. The
 * provider reaches PowerDNS through a forwarding stub (as through a reverse proxy), which stops
 * the real server once it has answered the third PATCH and answers 502 while it is down.
 */
@RealPowerDns
class PowerDnsFaultTest {

  private static final int HOSTS = 600;
  private static final Ownership OWNERSHIP = Ownership.of("fault-owner", new TxtSettings("_externaldns.", "", 
      io.openova.dnsguard.policies.registry.TxtFormat.NEW, ""));

  private static List<Desired> desired(Zone zone) {
    List<Desired> out = new ArrayList<>();
    for (int i = 0; i < HOSTS; i++) {
      out.add(new Desired(RecordSet.of(Hostname.of("h" + i + "." + zone.name().value()), RecordType.A, 300,
          List.of("192.0.2." + (i % 250 + 1))), "service/ns/h" + i));
    }
    return out;
  }

  private static Plan plan(PowerDnsProvider provider, Zone zone) {
    List<RecordSet> current = provider.records(zone);
    Plan plan = new Planner(OWNERSHIP).plan(zone.name(), desired(zone), current);
    PlanInvariants.check(plan, current, OWNERSHIP);
    return plan;
  }

  @Test
  void apply_serverStoppedMidBatch_transientFailureThenNextSyncConverges(PowerDnsServer pdns) {
    Zone zone = PowerDnsFixtures.createZone(pdns, "fault.example.test");
    FakeTime time = new FakeTime();
    AtomicInteger patched = new AtomicInteger();
    Forwarding forwarding = new Forwarding(pdns.apiUrl());
    try (StubServer proxy = StubServer.start(new StubServer.Api() {
      @Override
      public StubServer.Response handle(StubServer.Request request) {
        StubServer.Response response;
        try {
          response = forwarding.handle(request);
        } catch (UncheckedIOException down) {
          return StubServer.Response.text(502, "PowerDNS is unreachable (connection refused)");
        }
        if (request.method().equals("PATCH") && response.status() == 204 && patched.incrementAndGet() == 3) {
          pdns.stop();
        }
        return response;
      }

      @Override
      public StubServer.Response error(int status, String code, String message) {
        return StubServer.Response.text(status, message);
      }
    })) {
      PowerDnsProvider provider = new PowerDnsProvider(
          PowerDnsFixtures.config(pdns).withApiUrl(proxy.uri()).withPatchLimits(1_000_000, 100),
          Calls.standard().withRetry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1),
              Duration.ofSeconds(5))).withTime(time, () -> 0.5));
      converges(pdns, zone, time, provider);
    }
  }

  private static void converges(PowerDnsServer pdns, Zone zone, FakeTime time, PowerDnsProvider provider) {
    Plan first = plan(provider, zone);

    assertThatThrownBy(() -> provider.apply(zone, ChangeBatch.of(first)))
        .isInstanceOfSatisfying(ProviderException.Transient.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageStartingWith("powerdns: zone fault.example.test: PATCH rrsets (after 3 of 12 requests, 150 of 600 change groups, had been applied) failed (HTTP 502)")
        .hasMessageContaining("connection refused");
    assertThat(time.sleeps()).hasSize(2);

    pdns.restart();
    List<RecordSet> halfway = provider.records(zone);
    Plan second = plan(provider, zone);
    provider.apply(zone, ChangeBatch.of(second));

    assertThat(halfway.stream().filter(s -> s.type() == RecordType.A)).hasSize(150);
    assertThat(second.groups()).hasSize(HOSTS - 150);
    assertThat(plan(provider, zone).isEmpty()).isTrue();
    List<RecordSet> after = provider.records(zone);
    assertThat(after.stream().filter(s -> s.type() == RecordType.A)).hasSize(HOSTS)
        .allSatisfy(s -> assertThat(s.values()).hasSize(1));
    assertThat(after.stream().filter(s -> s.type() == RecordType.TXT)).hasSize(HOSTS)
        .allSatisfy(s -> assertThat(s.values()).hasSize(1));
    DnsQuery dns = new DnsQuery(pdns.dnsPort());
    for (int i : new int[] {0, 149, 150, 151, 599}) {
      assertThat(dns.answers("h" + i + ".fault.example.test", "A")).containsExactly("192.0.2." + (i % 250 + 1));
      assertThat(dns.answers("_externaldns.a-h" + i + ".fault.example.test", "TXT")).singleElement().asString()
          .contains("owner=fault-owner", "resource=service/ns/h" + i);
    }
  }
}
