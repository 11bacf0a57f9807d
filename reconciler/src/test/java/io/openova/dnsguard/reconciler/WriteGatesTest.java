package io.openova.dnsguard.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.reconciler.leader.LeaderOnlyProvider;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The gates in front of the provider hold when a sync encodes its writes ahead ({@link
 * DnsProvider#prepare}), against a real PowerDNS: a replica that lost the lease between encoding
 * and sending sends nothing, and a dry run writes nothing.
 */
@RealPowerDns
class WriteGatesTest {

  @Test
  void leaderOnly_leaseLostAfterEncoding_refusedAndNothingWritten(PowerDnsServer pdns) {
    DnsProvider powerDns = powerDns(pdns, "gates-leader.test");
    Zone zone = zone(powerDns, "gates-leader.test");
    AtomicBoolean leading = new AtomicBoolean(true);
    LeaderOnlyProvider gated = new LeaderOnlyProvider(powerDns, leading::get);

    Runnable write = gated.prepare(zone, create("a.gates-leader.test"));
    leading.set(false);

    assertThatThrownBy(write::run).isInstanceOf(ProviderException.Refused.class).hasMessageContaining("not the leader");
    assertThat(names(powerDns, zone)).doesNotContain("a.gates-leader.test");

    leading.set(true);
    gated.prepare(zone, create("a.gates-leader.test")).run();
    assertThat(names(powerDns, zone)).contains("a.gates-leader.test");
  }

  @Test
  void dryRun_encodedAheadAndRun_writesNothing(PowerDnsServer pdns) {
    DnsProvider powerDns = powerDns(pdns, "gates-dry.test");
    Zone zone = zone(powerDns, "gates-dry.test");

    new LoggingDryRun(powerDns).prepare(zone, create("b.gates-dry.test")).run();
    new LoggingDryRun(powerDns).apply(zone, create("c.gates-dry.test"));

    assertThat(names(powerDns, zone)).doesNotContain("b.gates-dry.test", "c.gates-dry.test");
    powerDns.prepare(zone, create("d.gates-dry.test")).run(); // the same batch undecorated is written
    assertThat(names(powerDns, zone)).contains("d.gates-dry.test");
  }

  private static DnsProvider powerDns(PowerDnsServer pdns, String zone) {
    pdns.createZone(zone);
    return PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())));
  }

  private static Zone zone(DnsProvider provider, String name) {
    return provider.zones().stream().filter(z -> z.name().equals(Hostname.of(name))).findFirst().orElseThrow();
  }

  private static ChangeBatch create(String name) {
    RecordSet set = RecordSet.of(name, RecordType.A, 300, "192.0.2.7");
    Plan plan = new Plan(Hostname.of(name.substring(name.indexOf('.') + 1)),
        List.of(new ChangeGroup(set.name(), List.of(new Change.Create(set)))), List.of());
    return ChangeBatch.of(plan);
  }

  private static List<String> names(DnsProvider provider, Zone zone) {
    return provider.records(zone).stream().map(set -> set.name().value()).toList();
  }
}
