package io.openova.dnsguard.policies.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClaimIndexTest {

  private static ObjectRef ref(String namespace, String name, String created) {
    return new ObjectRef(SourceKind.HTTP_ROUTE, namespace, name, "", Instant.parse(created));
  }

  private static List<Hostname> names(String... names) {
    return java.util.Arrays.stream(names).map(Hostname::of).toList();
  }

  private final ClaimIndex index = new ClaimIndex();

  @Test
  void claimsOn_severalObjects_oldestFirst() {
    ObjectRef newer = ref("b", "newer", "2026-02-01T00:00:00Z");
    ObjectRef older = ref("a", "older", "2026-01-01T00:00:00Z");
    index.put(newer, names("api.example.com"));
    index.put(older, names("api.example.com"));
    assertThat(index.claimsOn(Hostname.of("api.example.com"))).containsExactly(older, newer);
    assertThat(index.claimsOn(Hostname.of("example.com"))).isEmpty();
  }

  @Test
  void put_sameObjectAgain_replacesItsClaims() {
    ObjectRef route = ref("a", "r", "2026-01-01T00:00:00Z");
    index.put(route, names("one.example.com", "two.example.com"));
    index.put(route, names("two.example.com", "three.example.com"));
    assertThat(index.claimsOn(Hostname.of("one.example.com"))).isEmpty();
    assertThat(index.claimsOn(Hostname.of("three.example.com"))).containsExactly(route);
    assertThat(index.size()).isEqualTo(2);
  }

  @Test
  void remove_lastClaim_forgetsNameAndCounts() {
    ObjectRef route = ref("b", "r", "2026-01-01T00:00:00Z");
    index.put(route, names("a.b.apps.example.com", "*.x.example.com"));
    assertThat(index.remove(route)).isTrue();
    assertThat(index.remove(route)).isFalse();
    assertThat(index.size()).isZero();
    assertThat(index.firstForeignBelow(Hostname.of("example.com"), "a", c -> true)).isEmpty();
    assertThat(index.foreignWildcardsCovering(Hostname.of("y.x.example.com"), "a")).isEmpty();
  }

  @Test
  void foreignWildcardsCovering_anyDepth_onlyOtherNamespaces() {
    ObjectRef wild = ref("b", "wild", "2026-01-01T00:00:00Z");
    index.put(wild, names("*.example.com"));
    assertThat(index.foreignWildcardsCovering(Hostname.of("a.b.c.example.com"), "a"))
        .containsExactly(new IndexedClaim(Hostname.of("*.example.com"), wild));
    assertThat(index.foreignWildcardsCovering(Hostname.of("*.apps.example.com"), "a")).hasSize(1);
    assertThat(index.foreignWildcardsCovering(Hostname.of("example.com"), "a")).isEmpty();
    assertThat(index.foreignWildcardsCovering(Hostname.of("x.example.com"), "b")).isEmpty();
  }

  @Test
  void firstForeignBelow_prunesOwnNamespaceAndFindsDeepNames() {
    ObjectRef mine = ref("a", "mine", "2026-01-01T00:00:00Z");
    ObjectRef theirs = ref("b", "theirs", "2026-01-01T00:00:00Z");
    index.put(mine, names("x.apps.example.com", "y.apps.example.com"));
    assertThat(index.firstForeignBelow(Hostname.of("apps.example.com"), "a", c -> true)).isEmpty();
    index.put(theirs, names("deep.down.apps.example.com"));
    assertThat(index.firstForeignBelow(Hostname.of("apps.example.com"), "a", c -> true))
        .contains(new IndexedClaim(Hostname.of("deep.down.apps.example.com"), theirs));
    assertThat(index.firstForeignBelow(Hostname.of("apps.example.com"), "a", c -> false)).isEmpty();
    assertThat(index.firstForeignBelow(Hostname.of("down.apps.example.com"), "a", c -> true)).isPresent();
    assertThat(index.firstForeignBelow(Hostname.of("deep.down.apps.example.com"), "a", c -> true)).isEmpty();
  }

  @Test
  void manyChildren_growAndShrinkTables_stayConsistent() {
    for (int i = 0; i < 5_000; i++) {
      index.put(ref("ns" + (i % 7), "r" + i, "2026-01-01T00:00:00Z"), names("host" + i + ".example.com"));
    }
    for (int i = 0; i < 5_000; i += 2) {
      index.remove(ref("ns" + (i % 7), "r" + i, "2026-01-01T00:00:00Z"));
    }
    for (int i = 0; i < 5_000; i++) {
      assertThat(index.claimsOn(Hostname.of("host" + i + ".example.com"))).hasSize(i % 2);
    }
    assertThat(index.size()).isEqualTo(2_500);
  }

  @Test
  void uid_canonicalUuidAndFreeText_roundTrip() {
    ObjectRef uuid = new ObjectRef(SourceKind.SERVICE, "a", "s", "0b8c4c52-4c1e-4c59-9a47-9d4f0c1d2e01", null);
    ObjectRef text = new ObjectRef(SourceKind.INGRESS, "a", "i", "not-a-uuid", null);
    index.put(uuid, names("u.example.com"));
    index.put(text, names("t.example.com"));
    assertThat(index.claimsOn(Hostname.of("u.example.com"))).containsExactly(uuid);
    assertThat(index.claimsOn(Hostname.of("t.example.com"))).containsExactly(text);
  }

  @Test
  void readers_duringWrites_alwaysSeeWholeNames() throws Exception {
    Hostname stable = Hostname.of("stable.example.com");
    ObjectRef owner = ref("a", "stable", "2026-01-01T00:00:00Z");
    index.put(owner, List.of(stable));
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        while (!done.get()) {
          if (!index.claimsOn(stable).equals(List.of(owner))) {
            throw new AssertionError("stable name lost during concurrent writes");
          }
          index.foreignWildcardsCovering(Hostname.of("q.w.example.com"), "a");
          index.firstForeignBelow(Hostname.of("example.com"), "a", c -> false);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    reader.start();
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < 500; i++) {
        index.put(ref("b", "r" + i, "2026-01-01T00:00:00Z"), names("n" + i + ".example.com", "*.w" + i + ".example.com"));
      }
      for (int i = 0; i < 500; i++) {
        index.remove(ref("b", "r" + i, "2026-01-01T00:00:00Z"));
      }
    }
    done.set(true);
    reader.join();
    assertThat(failure.get()).isNull();
    assertThat(index.size()).isEqualTo(1);
  }
}
