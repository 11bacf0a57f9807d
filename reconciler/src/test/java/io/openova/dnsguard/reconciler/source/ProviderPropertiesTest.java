package io.openova.dnsguard.reconciler.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider-specific annotations as record-set properties, and providers that cannot store them. */
class ProviderPropertiesTest {

  private static Service service(Map<String, String> annotations) {
    return new ServiceBuilder().withNewMetadata().withName("api").withNamespace("team-a")
        .withAnnotations(annotations).endMetadata().withNewSpec().endSpec().build();
  }

  private static List<Desired> endpoints(Service service) {
    return new EndpointSource(io.openova.dnsguard.policies.claim.Attachment.AS_WRITTEN)
        .endpoints(service, ClaimExtractor.extract(SourceObject.of(service).orElseThrow()));
  }

  @Test
  void endpoints_targetTtlAndProxiedAnnotations_becomeOneSetWithTheProperty() {
    List<Desired> desired = endpoints(service(Map.of(
        "external-dns.alpha.kubernetes.io/hostname", "api.example.com",
        "external-dns.alpha.kubernetes.io/target", "192.0.2.1, 192.0.2.2",
        "external-dns.kubernetes.io/ttl", "2m",
        "external-dns.alpha.kubernetes.io/cloudflare-proxied", "True")));

    assertThat(desired).singleElement().satisfies(d -> {
      assertThat(d.resource()).isEqualTo("service/team-a/api");
      assertThat(d.set().type()).isEqualTo(RecordType.A);
      assertThat(d.set().ttl()).isEqualTo(120);
      assertThat(d.set().values()).containsExactly("192.0.2.1", "192.0.2.2");
      assertThat(d.set().properties()).containsExactly(Map.entry("cloudflare-proxied", "true"));
    });
  }

  @Test
  void endpoints_withoutProviderAnnotations_haveNoProperties() {
    List<Desired> desired = endpoints(service(Map.of(
        "external-dns.kubernetes.io/hostname", "api.example.com",
        "external-dns.kubernetes.io/target", "lb.example.net")));

    assertThat(desired).singleElement().satisfies(d -> {
      assertThat(d.set().type()).isEqualTo(RecordType.CNAME);
      assertThat(d.set().ttl()).isEqualTo(EndpointSource.DEFAULT_TTL);
      assertThat(d.set().properties()).isEmpty();
    });
  }

  @Test
  void adjust_byAProviderWithoutProperties_dropsThemSoPlansConverge() {
    DnsProvider plain = new DnsProvider() {
      @Override
      public String name() {
        return "plain";
      }

      @Override
      public List<Zone> zones() {
        return List.of();
      }

      @Override
      public List<RecordSet> records(Zone zone) {
        return List.of();
      }

      @Override
      public Capabilities capabilities() {
        throw new UnsupportedOperationException();
      }

      @Override
      public void apply(Zone zone, ChangeBatch batch) {
        throw new UnsupportedOperationException();
      }
    };
    RecordSet proxied = endpoints(service(Map.of(
        "external-dns.alpha.kubernetes.io/hostname", "api.example.com",
        "external-dns.alpha.kubernetes.io/target", "192.0.2.1",
        "external-dns.alpha.kubernetes.io/cloudflare-proxied", "true"))).getFirst().set();

    RecordSet adjusted = plain.adjust(proxied);

    assertThat(adjusted.properties()).isEmpty();
    assertThat(adjusted.values()).isEqualTo(proxied.values());
    assertThat(plain.adjust(adjusted)).isSameAs(adjusted);
  }
}
