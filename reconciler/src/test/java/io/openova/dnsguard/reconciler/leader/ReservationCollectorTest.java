package io.openova.dnsguard.reconciler.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.HostnameReservation;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The leader removes the webhook's reservations whose claims are gone, and only those. */
@RealKubeApiServer
class ReservationCollectorTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup(HostnameReservation.GROUP).withVersion(HostnameReservation.VERSION)
      .withKind(HostnameReservation.KIND).withPlural(HostnameReservation.PLURAL).withNamespaced(false).build();

  private static ObjectRef route(String namespace, String name) {
    return new ObjectRef(SourceKind.HTTP_ROUTE, namespace, name, "", null);
  }

  private static HostnameReservation reserve(KubernetesClient client, String host, ObjectRef claimant, Instant expires) {
    HostnameReservation reservation = new HostnameReservation(Hostname.of(host), claimant, expires);
    client.genericKubernetesResources(CONTEXT).resource(reservation.toResource()).create();
    return reservation;
  }

  private static List<String> remaining(KubernetesClient client) {
    return client.genericKubernetesResources(CONTEXT).list().getItems().stream()
        .map(HostnameReservation::from).map(r -> r.hostname().value()).sorted().toList();
  }

  @Test
  void collect_expiredAndClaimGone_removed_othersKept(KubernetesClient client) {
    ClaimIndex claims = new ClaimIndex();
    ObjectRef live = route("team-a", "live");
    claims.put(live, List.of(Hostname.of("live.example.com"), Hostname.of("*.wild.example.com")));
    reserve(client, "live.example.com", live, NOW.minusSeconds(60)); // expired, still claimed
    reserve(client, "*.wild.example.com", live, NOW.minusSeconds(60)); // a wildcard, still claimed
    reserve(client, "gone.example.com", route("team-a", "deleted"), NOW.minusSeconds(60)); // expired, claim gone
    reserve(client, "failed.example.com", route("team-b", "refused"), NOW.minusSeconds(1)); // never appeared
    reserve(client, "young.example.com", route("team-b", "new"), NOW.plusSeconds(10)); // still pending
    GenericKubernetesResource unreadable = new HostnameReservation(Hostname.of("bad.example.com"),
        route("team-c", "x"), NOW).toResource();
    unreadable.getAdditionalProperties().put("spec", java.util.Map.of("hostname", "bad.example.com",
        "claimant", java.util.Map.of("kind", "Pod", "namespace", "team-c", "name", "x"), "expires", NOW.toString()));
    client.genericKubernetesResources(CONTEXT).resource(unreadable).create();
    AtomicBoolean leading = new AtomicBoolean(false);
    ReservationCollector collector = new ReservationCollector(client, claims, leading::get,
        Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(collector.collect()).as("a follower removes nothing").isZero();
    leading.set(true);
    assertThat(collector.collect()).isEqualTo(3);

    assertThat(remaining(client)).containsExactly("*.wild.example.com", "live.example.com", "young.example.com");
    collector.close();
  }
}
