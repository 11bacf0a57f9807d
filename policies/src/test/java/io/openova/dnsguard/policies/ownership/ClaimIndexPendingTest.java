package io.openova.dnsguard.policies.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Claims admitted but not yet delivered by the informers: held, seen, released, expired. */
class ClaimIndexPendingTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final Instant LATER = NOW.plusSeconds(10);

  private static ObjectRef ref(String namespace, String name) {
    return new ObjectRef(SourceKind.HTTP_ROUTE, namespace, name, "", NOW);
  }

  private static List<Hostname> names(String... names) {
    return Arrays.stream(names).map(Hostname::of).toList();
  }

  private final ClaimIndex index = new ClaimIndex();

  @Test
  void hold_pendingClaim_isSeenLikeALiveOne_andOnlyByTheViewsThatShowPending() {
    ObjectRef shop = ref("team-a", "shop");
    assertThat(index.hold(shop, names("shop.example.com", "*.apps.example.com"), LATER, Optional::empty)).isEmpty();

    assertThat(index.claimsOn(Hostname.of("shop.example.com"))).containsExactly(shop);
    assertThat(index.pending().claimsOn(Hostname.of("shop.example.com"))).containsExactly(shop);
    assertThat(index.live().claimsOn(Hostname.of("shop.example.com"))).isEmpty();
    assertThat(index.foreignWildcardsCovering(Hostname.of("x.apps.example.com"), "team-b")).hasSize(1);
    assertThat(index.live().foreignWildcardsCovering(Hostname.of("x.apps.example.com"), "team-b")).isEmpty();
    assertThat(index.pending().firstForeignBelow(Hostname.of("example.com"), "team-b", c -> true)).isPresent();
    assertThat(index.live().firstForeignBelow(Hostname.of("example.com"), "team-b", c -> true)).isEmpty();
    assertThat(index.pendingCount()).isEqualTo(1);
  }

  @Test
  void hold_refusalPresent_holdsNothing() {
    Optional<String> refused = index.hold(ref("team-a", "shop"), names("shop.example.com"), LATER,
        () -> Optional.of("no"));

    assertThat(refused).contains("no");
    assertThat(index.claimsOn(Hostname.of("shop.example.com"))).isEmpty();
    assertThat(index.pendingCount()).isZero();
  }

  @Test
  void put_informerDeliversTheObjectWithItsNames_endsThePendingClaim() {
    ObjectRef shop = ref("team-a", "shop");
    index.hold(shop, names("shop.example.com"), LATER, Optional::empty);

    index.put(shop, names("shop.example.com", "www.example.com"));

    assertThat(index.pendingCount()).isZero();
    assertThat(index.claimsOn(Hostname.of("shop.example.com"))).containsExactly(shop);
    assertThat(index.live().claimsOn(Hostname.of("shop.example.com"))).containsExactly(shop);
    assertThat(index.size()).isEqualTo(2);
  }

  @Test
  void put_olderVersionWithoutTheHeldName_keepsThePendingClaimBesideTheLiveOnes() {
    ObjectRef shop = ref("team-a", "shop");
    index.put(shop, names("shop.example.com"));
    index.hold(shop, names("new.example.com"), LATER, Optional::empty); // an UPDATE adding a name

    index.put(shop, names("shop.example.com")); // a status change of the old version arrives first

    assertThat(index.pending().claimsOn(Hostname.of("new.example.com"))).containsExactly(shop);
    assertThat(index.live().claimsOn(Hostname.of("shop.example.com"))).containsExactly(shop);
  }

  @Test
  void remove_deleteOfTheObject_leavesItsPendingClaimToExpire() {
    ObjectRef shop = ref("team-a", "shop");
    index.put(shop, names("shop.example.com"));
    index.hold(shop, names("shop.example.com"), LATER, Optional::empty);

    index.remove(shop);

    assertThat(index.claimsOn(Hostname.of("shop.example.com"))).containsExactly(shop);
    assertThat(index.live().claimsOn(Hostname.of("shop.example.com"))).isEmpty();
  }

  @Test
  void expire_atTheExpiry_dropsOnlyExpiredClaims() {
    index.hold(ref("team-a", "soon"), names("soon.example.com"), NOW.plusSeconds(1), Optional::empty);
    index.hold(ref("team-a", "late"), names("late.example.com"), NOW.plusSeconds(60), Optional::empty);

    assertThat(index.expire(NOW)).isZero();
    assertThat(index.expire(NOW.plusSeconds(1))).isEqualTo(1);

    assertThat(index.claimsOn(Hostname.of("soon.example.com"))).isEmpty();
    assertThat(index.claimsOn(Hostname.of("late.example.com"))).hasSize(1);
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void release_failedAdmission_dropsThePendingClaim() {
    ObjectRef shop = ref("team-a", "shop");
    index.hold(shop, names("shop.example.com"), LATER, Optional::empty);

    assertThat(index.release(shop)).isTrue();
    assertThat(index.release(shop)).isFalse();
    assertThat(index.claimsOn(Hostname.of("shop.example.com"))).isEmpty();
    assertThat(index.size()).isZero();
  }

  /** Many threads race to hold one name with "refuse if another namespace holds it": one wins. */
  @Test
  void hold_concurrentHoldsForOneName_exactlyOneNamespaceWins() throws Exception {
    int teams = 8;
    for (int round = 0; round < 200; round++) {
      Hostname name = Hostname.of("n" + round + ".example.com");
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(teams);
      List<Future<Boolean>> held = new ArrayList<>();
      for (int t = 0; t < teams; t++) {
        String namespace = "team-" + t;
        held.add(pool.submit(() -> {
          start.await();
          return index.hold(ref(namespace, "r"), List.of(name), LATER,
              () -> index.claimsOn(name).stream().filter(o -> !o.namespace().equals(namespace)).findFirst())
              .isEmpty();
        }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> f : held) {
        winners += f.get() ? 1 : 0;
      }
      pool.shutdown();
      assertThat(winners).as("round " + round).isEqualTo(1);
    }
  }
}
