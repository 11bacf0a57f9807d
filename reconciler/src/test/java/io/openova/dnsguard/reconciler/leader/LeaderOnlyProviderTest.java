package io.openova.dnsguard.reconciler.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Leadership is checked when a batch is sent, not when it was prepared (a sync prepares parts ahead). */
class LeaderOnlyProviderTest {
  private static final Zone ZONE = new Zone("example.com.", Hostname.of("example.com"));
  private static final ChangeBatch BATCH = new ChangeBatch(List.of(new ChangeGroup(Hostname.of("a.example.com"),
      List.of(new Change.Create(RecordSet.of("a.example.com", RecordType.A, 60, "192.0.2.1"))))));

  /** Counts what it prepares and what it sends. */
  private static final class Recording implements DnsProvider {
    final List<String> calls = new ArrayList<>();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public List<Zone> zones() {
      return List.of(ZONE);
    }

    @Override
    public List<RecordSet> records(Zone zone) {
      return List.of();
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.atomic(100, 1_000_000);
    }

    @Override
    public void apply(Zone zone, ChangeBatch batch) {
      prepare(zone, batch).apply();
    }

    @Override
    public Prepared prepare(Zone zone, ChangeBatch batch) {
      calls.add("prepared " + batch.changeCount());
      return () -> calls.add("sent " + batch.changeCount());
    }
  }

  @Test
  void preparedWhileLeading_leaseLostBeforeSending_refusedAndNothingSent() {
    Recording delegate = new Recording();
    AtomicBoolean leading = new AtomicBoolean(true);
    DnsProvider.Prepared prepared = new LeaderOnlyProvider(delegate, leading::get).prepare(ZONE, BATCH);
    leading.set(false);

    assertThatThrownBy(prepared::apply).isInstanceOf(ProviderException.Refused.class)
        .hasMessageContaining("this replica is not the leader");
    assertThat(delegate.calls).containsExactly("prepared 1");
  }

  @Test
  void leading_preparedOnceAndSent() {
    Recording delegate = new Recording();
    new LeaderOnlyProvider(delegate, () -> true).apply(ZONE, BATCH);

    assertThat(delegate.calls).containsExactly("prepared 1", "sent 1");
  }
}
