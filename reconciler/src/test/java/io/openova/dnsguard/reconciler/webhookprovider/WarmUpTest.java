package io.openova.dnsguard.reconciler.webhookprovider;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.TxtSettings;
import io.openova.dnsguard.policies.policy.UnmanagedDomains;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The warm-up rehearses every request it plans under each registry setting a policy can hold (a
 * rehearsal the guard refused would warm the refusal path, not the write path), and gives way to
 * a real sync. Its writes are encoded by a real PowerDNS provider whose API nothing listens on: a
 * rehearsal that sent anything would fail and fall short of its count.
 */
class WarmUpTest {
  private static final Duration UNBOUNDED = Duration.ofMinutes(10);
  private static final DnsProvider POWERDNS = PowerDnsProvider.create(
      PowerDnsConfig.of(URI.create("http://127.0.0.1:1"), Secret.of("never-used")));

  static List<TxtSettings> registries() {
    return List.of(TxtSettings.DEFAULT, new TxtSettings("_externaldns.", "", TxtFormat.NEW, ""),
        new TxtSettings("", "-edns", TxtFormat.NEW, ""), new TxtSettings("%{record_type}-own.", "", TxtFormat.NEW, ""),
        new TxtSettings("", "", TxtFormat.OLD, "star"));
  }

  @ParameterizedTest
  @MethodSource("registries")
  void rehearsesEveryRequestUnderTheRegistrySettings(TxtSettings txt) {
    int requests = WarmUp.run(policy(txt), POWERDNS, () -> false, UNBOUNDED, 2);

    assertThat(requests).isEqualTo(2 * 3);
  }

  @Test
  void givesWayToASync() {
    AtomicBoolean synced = new AtomicBoolean();
    int[] asked = {0};

    int requests = WarmUp.run(policy(TxtSettings.DEFAULT), POWERDNS, () -> {
      // a sync arrives while the second request is rehearsed
      if (++asked[0] > 3) {
        synced.set(true);
      }
      return synced.get();
    }, UNBOUNDED, WarmUp.ROUNDS);

    assertThat(requests).isBetween(1, 2);
  }

  @Test
  void stopsAtItsBudget() {
    assertThat(WarmUp.run(policy(TxtSettings.DEFAULT), POWERDNS, () -> false, Duration.ZERO, WarmUp.ROUNDS)).isZero();
  }

  private static DnsPolicy policy(TxtSettings txt) {
    return new DnsPolicy("bench", "dnsguard", txt, UnmanagedDomains.DENY, false, List.of(), List.of());
  }
}
