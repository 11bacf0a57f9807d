package io.openova.dnsguard.providers.route53;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a batch is cut into ChangeResourceRecordSets requests: Route53's three limits, groups never split. */
class Route53ProviderRequestsTest {

  private static final Zone ZONE = new Zone("Z1", Hostname.of("example.com"));

  private static Route53Provider provider(int changes, int records, int characters) {
    return new Route53Provider(Route53Config.of("us-east-1")
        .withCredentials(new Route53Config.Credentials.Static(Secret.of("a"), Secret.of("b")))
        .withEndpoint(URI.create("http://127.0.0.1:1"))
        .withRequestLimits(changes, records, characters), io.openova.dnsguard.provider.support.Calls.standard());
  }

  private static ChangeGroup group(String label, String text, String... ips) {
    Hostname name = Hostname.of(label + ".example.com");
    return new ChangeGroup(name, List.of(
        new Change.Create(RecordSet.of(Hostname.of("_externaldns.a-" + label + ".example.com"), RecordType.TXT, 300,
            List.of(text))),
        new Change.Create(RecordSet.of(name, RecordType.A, 300, List.of(ips)))));
  }

  @Test
  void requests_defaultLimits_thousandRecordsPerRequest() {
    List<ChangeGroup> groups = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      groups.add(group("h" + i, "o", "192.0.2.1"));
    }
    try (Route53Provider provider = provider(1_000, 1_000, 32_000)) {
      List<Route53Provider.Request> requests = provider.requests(ZONE, groups);

      assertThat(requests).extracting(Route53Provider.Request::records).containsExactly(1_000, 200);
      assertThat(requests).extracting(Route53Provider.Request::groups).containsExactly(500, 100);
    }
  }

  @Test
  void requests_longTexts_cutAt32000CharactersBetweenGroups() {
    String text = "t".repeat(3_000); // 3,000 bytes: 12 quoted strings, 3,035 characters
    List<ChangeGroup> groups = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      groups.add(group("h" + i, text, "192.0.2.1"));
    }
    try (Route53Provider provider = provider(1_000, 1_000, 32_000)) {
      List<Route53Provider.Request> requests = provider.requests(ZONE, groups);

      assertThat(requests).allSatisfy(r -> assertThat(r.characters()).isLessThanOrEqualTo(32_000));
      assertThat(requests).extracting(Route53Provider.Request::groups).containsExactly(10, 10, 5);
      assertThat(requests).allSatisfy(r -> assertThat(r.changes().size()).isEqualTo(2 * r.groups()));
    }
  }

  @Test
  void requests_updates_upsertCountsTwice() {
    List<ChangeGroup> groups = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RecordSet before = RecordSet.of("u" + i + ".example.com", RecordType.A, 60, "192.0.2.1", "192.0.2.2");
      groups.add(new ChangeGroup(before.name(),
          List.of(new Change.Update(before, before.withValues(List.of("192.0.2.3", "192.0.2.4"))))));
    }
    try (Route53Provider provider = provider(1_000, 8, 32_000)) {
      List<Route53Provider.Request> requests = provider.requests(ZONE, groups);

      assertThat(requests).extracting(Route53Provider.Request::records).containsExactly(8, 8);
    }
  }

  @Test
  void requests_groupLargerThanTheLimit_travelsAlone() {
    try (Route53Provider provider = provider(1_000, 4, 32_000)) {
      List<Route53Provider.Request> requests = provider.requests(ZONE,
          List.of(group("a", "o", "192.0.2.1"), group("big", "o", "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"),
              group("c", "o", "192.0.2.1")));

      assertThat(requests).extracting(Route53Provider.Request::groups).containsExactly(1, 1, 1);
      assertThat(requests).extracting(Route53Provider.Request::records).containsExactly(2, 5, 2);
    }
  }
}
