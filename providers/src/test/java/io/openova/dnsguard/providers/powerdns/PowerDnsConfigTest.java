package io.openova.dnsguard.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PowerDnsConfigTest {

  private static final PowerDnsConfig CONFIG = PowerDnsConfig.of(URI.create("http://127.0.0.1:8081"), Secret.of("topsecret"));

  @Test
  void toString_neverShowsTheKey() {
    assertThat(CONFIG.toString()).doesNotContain("topsecret").contains("redacted", "http://127.0.0.1:8081", "localhost");
    assertThat(CONFIG.toString()).contains("JDK trust store");
    PowerDnsConfig tls = PowerDnsConfig.of(URI.create("https://pdns.dmz:8081"), Secret.fromEnv(java.util.Map.of("K", "topsecret"), "K"))
        .withCaCertificate(Path.of("/ca.pem"));
    assertThat(tls.toString()).contains("/ca.pem", "environment variable K").doesNotContain("topsecret");
  }

  @Test
  void new_badSettings_rejectedWithTheReason() {
    assertThatThrownBy(() -> PowerDnsConfig.of(URI.create("ftp://x"), Secret.of("k"))).hasMessageContaining("http(s)");
    assertThatThrownBy(() -> CONFIG.withServerId("a/b")).hasMessageContaining("single path segment");
    assertThatThrownBy(() -> CONFIG.withPatchLimits(100, 10)).hasMessageContaining("maxPatchBytes");
    assertThatThrownBy(() -> CONFIG.withCaCertificate(Path.of("/ca.pem"))).hasMessageContaining("https://");
  }

  @Test
  void patches_manyGroups_packedWithinBytesAndRrsetsWithoutSplittingAGroup() {
    PowerDnsProvider provider = PowerDnsProvider.create(CONFIG.withPatchLimits(8_000, 50));
    List<ChangeGroup> groups = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String name = "host" + i + ".example.com";
      groups.add(new ChangeGroup(Hostname.of(name), List.of(
          new Change.Create(RecordSet.of("_externaldns.a-" + name, RecordType.TXT, 300,
              "heritage=external-dns,external-dns/owner=c1,external-dns/resource=crd/ns/n" + i)),
          new Change.Create(RecordSet.of(name, RecordType.A, 300, "192.0.2." + (i % 250))))));
    }

    List<PowerDnsProvider.Patch> patches = provider.patches(groups);

    assertThat(patches).hasSizeGreaterThan(6);
    assertThat(patches).allSatisfy(p -> {
      assertThat(p.body().length).isLessThanOrEqualTo(8_000);
      assertThat(p.rrsets()).isLessThanOrEqualTo(50).isEqualTo(2 * p.groups());
      assertThat(JsonMapper.builder().build().readTree(p.body()).path("rrsets").size()).isEqualTo(p.rrsets());
    });
    assertThat(patches.stream().mapToInt(PowerDnsProvider.Patch::groups).sum()).isEqualTo(300);
  }

  @Test
  void patches_eachRrsetIsItsChangeEncodedAlone_inOrder() {
    PowerDnsProvider provider = PowerDnsProvider.create(CONFIG.withPatchLimits(4_096, 5));
    List<Change> changes = List.of(
        new Change.Create(RecordSet.of("a.example.com", RecordType.A, 300, "192.0.2.1", "192.0.2.2")),
        new Change.Create(RecordSet.of("_externaldns.a-a.example.com", RecordType.TXT, 300,
            "say \"hi\", {x}: \\ " + "y".repeat(300))),
        new Change.Update(RecordSet.of("c.example.com", RecordType.CNAME, 60, "old.example.net"),
            RecordSet.of("c.example.com", RecordType.CNAME, 60, "new.example.net")),
        new Change.Delete(RecordSet.of("d.example.com", RecordType.AAAA, 300, "2001:db8::1")));
    List<ChangeGroup> groups = new ArrayList<>();
    for (int i = 0; i < 12; i++) { // a record with its ownership TXT, then single changes
      groups.add(i % 3 == 0 ? new ChangeGroup(Hostname.of("a.example.com"), changes.subList(0, 2))
          : new ChangeGroup(changes.get(i % 4).target().name(), List.of(changes.get(i % 4))));
    }
    PowerDnsRecordMapper mapper = new PowerDnsRecordMapper(JsonMapper.builder().build());
    JsonMapper json = JsonMapper.builder().build();

    List<Object> sent = new ArrayList<>();
    for (PowerDnsProvider.Patch patch : provider.patches(groups)) {
      assertThat(patch.body().length).isLessThanOrEqualTo(4_096);
      json.readTree(patch.body()).path("rrsets").forEach(sent::add);
    }

    assertThat(sent).containsExactlyElementsOf(groups.stream().flatMap(group -> group.changes().stream())
        .map(change -> (Object) json.readTree(PowerDnsFixtures.rrsetBytes(mapper, change))).toList());
  }
}
