package io.openova.dnsguard.providers;

import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.FakeTime;
import io.openova.dnsguard.provider.support.ForwardingProvider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract suite against the validating in-memory provider: keeps the suite itself honest. */
class InMemoryProviderContractTest extends DnsProviderContractTest {

  private final InMemoryProvider provider = new InMemoryProvider(10);
  private final FakeTime time = new FakeTime();
  // Every call through Calls, as a real provider's client sends each request.
  private final Calls calls = Calls.standard().withTime(time, () -> 0.5);
  private final DnsProvider retrying = new ForwardingProvider(provider) {
    @Override
    public List<Zone> zones() {
      return calls.call(name(), delegate::zones);
    }

    @Override
    public List<RecordSet> records(Zone zone) {
      return calls.call(name(), () -> delegate.records(zone));
    }

    @Override
    public void apply(Zone zone, ChangeBatch batch) {
      calls.call(name(), () -> {
        delegate.apply(zone, batch);
        return batch;
      });
    }
  };

  @Override
  protected Zone freshZone(String label) {
    Zone zone = provider.addZone(label + ".example.test");
    provider.seed(zone, List.of(RecordSet.of(zone.name(), RecordType.NS, 3600, List.of("ns1.example.test."))));
    return zone;
  }

  @Override
  protected DnsProvider provider() {
    return retrying;
  }

  @Override
  protected void seed(Zone zone, List<RecordSet> sets) {
    provider.seed(zone, sets);
  }

  @Override
  protected String raw(Zone zone, Hostname name, RecordType type) {
    return provider.records(zone).stream().filter(s -> s.name().equals(name) && s.type() == type)
        .map(RecordSet::toString).findFirst().orElse("");
  }

  @Override
  protected List<String> served(Hostname name, RecordType type) {
    return provider.zones().stream().flatMap(z -> provider.records(z).stream())
        .filter(s -> s.name().equals(name) && s.type() == type)
        .flatMap(s -> s.values().stream()).sorted().toList();
  }

  @Override
  protected List<Integer> writeRequestSizes() {
    return provider.requests();
  }

  @Override
  protected void throttleNext(int requests) {
    provider.throttleNext(requests);
  }

  @Override
  protected void failWritesAfter(int passing) {
    provider.failRequestsAfter(passing);
  }

  @Override
  protected void clearFaults() {
    provider.clearFaults();
  }

  @Override
  protected List<Duration> waits() {
    return time.sleeps();
  }

  @Test
  void apply_createOfExistingSet_isRefusedAndNothingChanges() {
    Zone zone = freshZone("refuse");
    RecordSet set = RecordSet.of("x.refuse.example.test", RecordType.A, 60, "192.0.2.1");
    provider.seed(zone, List.of(set));
    List<RecordSet> before = provider.records(zone);

    assertThatThrownBy(() -> provider.apply(zone, new ChangeBatch(List.of(new ChangeGroup(set.name(),
        List.of(new Change.Create(RecordSet.of("y.refuse.example.test", RecordType.A, 60, "192.0.2.1")),
            new Change.Create(set)))))))
        .isInstanceOf(ProviderException.Refused.class).hasMessageContaining("exists");
    assertThat(provider.records(zone)).isEqualTo(before);
  }
}
