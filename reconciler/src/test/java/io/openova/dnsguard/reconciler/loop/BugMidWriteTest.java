package io.openova.dnsguard.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.kube.ClaimIndexFeeder;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.ForwardingProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.reconciler.source.EndpointSource;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A bug thrown while a sync writes (anything but a {@code ProviderException}) leaves what was
 * written unknown: the next sync reads every zone again, a read made ahead of it included, which
 * may predate writes the failed sync made but never reported. Against a real PowerDNS.
 */
@RealPowerDns
class BugMidWriteTest {
  private static final String ZONE_A = "bug-a.test";
  private static final String ZONE_B = "bug-b.test";

  @Test
  void bugInOneZoneAfterAnotherWasWritten_nextResync_readsAgainInsteadOfTheReadMadeAhead(PowerDnsServer pdns)
      throws Exception {
    pdns.createZone(ZONE_A);
    pdns.createZone(ZONE_B);
    AtomicBoolean broken = new AtomicBoolean();
    DnsProvider provider = new ForwardingProvider(
        PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())))) {
      @Override
      public void apply(Zone zone, ChangeBatch batch) {
        if (broken.get() && zone.name().equals(Hostname.of(ZONE_B))) {
          throw new IllegalStateException("a bug while writing " + zone.name());
        }
        delegate.apply(zone, batch);
      }
    };
    List<HasMetadata> objects = new CopyOnWriteArrayList<>(List.of(endpoint("a1", ZONE_A), endpoint("b1", ZONE_B)));
    ClaimIndex claims = new ClaimIndex();
    ClaimIndexFeeder feeder = new ClaimIndexFeeder(claims);
    objects.forEach(feeder::upserted);
    PolicyEvaluator policy = policy();
    ReconcileLoop loop = new ReconcileLoop(() -> policy, new Sources(() -> List.copyOf(objects), claims,
        new EndpointSource(Attachment.AS_WRITTEN)), new DnsTarget(provider, DomainFilter.of(List.of(ZONE_A, ZONE_B)),
        SyncMode.SYNC), Clock.systemUTC());

    assertThat(loop.resync().failed()).isFalse();
    loop.readAhead().join(); // for the next resync: a1 and b1, not yet a2
    for (HasMetadata added : List.of(endpoint("a2", ZONE_A), endpoint("b2", ZONE_B))) {
      objects.add(added);
      feeder.upserted(added);
    }
    broken.set(true);
    assertThatThrownBy(loop::runOnce).isInstanceOf(IllegalStateException.class).hasMessageContaining("a bug");
    assertThat(names(pdns, ZONE_A)).as("zone A was written before zone B threw").contains("a2." + ZONE_A);
    broken.set(false);

    SyncReport next = loop.resync();

    // Planned against the read made ahead, zone A would lack a2 and want to create it again: the SOA
    // its write bumped would then stop the zone as written under it (stale).
    assertThat(next.zones()).filteredOn(outcome -> outcome.zone().name().equals(Hostname.of(ZONE_A)))
        .singleElement().isInstanceOf(ZoneOutcome.Unchanged.class);
    assertThat(next.zones()).filteredOn(outcome -> outcome.zone().name().equals(Hostname.of(ZONE_B)))
        .singleElement().isInstanceOf(ZoneOutcome.Applied.class);
    assertThat(names(pdns, ZONE_B)).contains("b2." + ZONE_B);
  }

  private static HasMetadata endpoint(String name, String zone) {
    return new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
        .withNewMetadata().withNamespace("team").withName(name).withUid("uid-" + name).withResourceVersion("1")
        .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("endpoints", List.of(Map.of("dnsName", name + "." + zone,
            "recordType", "A", "targets", List.of("192.0.2.1"))))))
        .build();
  }

  private static PolicyEvaluator policy() throws PolicyException {
    return new PolicyEvaluator(PolicyLoader.fromText("""
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: bug}
        spec:
          ownerId: bug-owner
          txtPrefix: "_externaldns."
          unmanagedDomains: deny
          domains:
            - suffix: %s
              namespaces: [team]
            - suffix: %s
              namespaces: [team]
        """.formatted(ZONE_A, ZONE_B), "bug-policy"));
  }

  private static List<String> names(PowerDnsServer pdns, String zone) {
    DnsProvider powerDns = PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())));
    Zone found = powerDns.zones().stream().filter(z -> z.name().equals(Hostname.of(zone))).findFirst().orElseThrow();
    return powerDns.records(found).stream().map(set -> set.name().value()).toList();
  }
}
