package io.openova.dnsguard.provider.support;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dry run, decorators, pagination and secrets. */
class SupportTest {

  private static final Zone ZONE = new Zone("example.com.", Hostname.of("example.com"));

  /** Counts calls; fails the first {@code failures} applies with a transient error. */
  private static final class Counting implements DnsProvider {
    final AtomicInteger applies = new AtomicInteger();
    int failures;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public Capabilities capabilities() {
      return new Capabilities(10, 10_000, true, false, Set.of(RecordType.A));
    }

    @Override
    public List<Zone> zones() {
      return List.of(ZONE);
    }

    @Override
    public List<RecordSet> records(Zone zone) {
      return List.of(RecordSet.of("a.example.com", RecordType.A, 60, "192.0.2.1"));
    }

    @Override
    public void apply(Zone zone, ChangeBatch batch) {
      if (applies.incrementAndGet() <= failures) {
        throw new ProviderException.Transient(name(), zone, "apply", 503, "busy", null, null);
      }
    }
  }

  private static ChangeBatch batch() {
    return new ChangeBatch(List.of(new ChangeGroup(Hostname.of("a.example.com"),
        List.of(new Change.Delete(RecordSet.of("a.example.com", RecordType.A, 60, "192.0.2.1"))))));
  }

  @Test
  void calls_transientFailures_areRetriedUntilTheCallSucceeds() {
    Counting real = new Counting();
    real.failures = 2;
    FakeTime time = new FakeTime();

    Calls.standard().withTime(time, () -> 0.5).call(real.name(), () -> {
      real.apply(ZONE, batch());
      return real;
    });

    assertThat(real.applies).hasValue(3);
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void calls_paced_everyAttemptTakesAToken() {
    Counting real = new Counting();
    FakeTime time = new FakeTime();
    Calls paced = Calls.standard().withTime(time, () -> 0.5).paced(1, 1);

    paced.call(real.name(), real::zones);
    paced.call(real.name(), () -> real.records(ZONE));
    paced.call(real.name(), () -> {
      real.apply(ZONE, batch());
      return real;
    });

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void backOff_doublesFromFirstToMax() {
    BackOff backOff = new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(java.util.stream.IntStream.rangeClosed(1, 7).mapToObj(backOff::ceiling).map(Duration::toSeconds))
        .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    assertThat(backOff.ceiling(1_000)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backOff.fullJitter(3, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backOff.spread(1, 0.0)).isEqualTo(Duration.ofMillis(800));
    assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("first <= max");
  }

  @Test
  void pages_collect_followsTokensToTheEnd() {
    Map<Optional<String>, Pages.Page<Integer>> pages = Map.of(
        Optional.empty(), new Pages.Page<>(List.of(1, 2), Optional.of("p2")),
        Optional.of("p2"), new Pages.Page<>(List.of(3), Optional.of("p3")),
        Optional.of("p3"), new Pages.Page<>(List.of(4), Optional.empty()));
    List<Optional<String>> asked = new ArrayList<>();

    List<Integer> all = Pages.collect(token -> {
      asked.add(token);
      return pages.get(token);
    }, 10);

    assertThat(all).containsExactly(1, 2, 3, 4);
    assertThat(asked).containsExactly(Optional.empty(), Optional.of("p2"), Optional.of("p3"));
  }

  @Test
  void pages_loopingOrEndless_failsInsteadOfTruncating() {
    assertThatThrownBy(() -> Pages.collect(token -> new Pages.Page<>(List.of(1), Optional.of("same")), 10))
        .hasMessageContaining("loops");
    AtomicInteger n = new AtomicInteger();
    assertThatThrownBy(() -> Pages.collect(token -> new Pages.Page<>(List.of(1), Optional.of("p" + n.incrementAndGet())), 3))
        .hasMessageContaining("more than 3 pages");
  }

  @Test
  void secret_fromFileAndEnv_neverPrinted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("key");
    Files.writeString(file, "s3cr3t\n");

    Secret fromFile = Secret.fromFile(file);
    Secret fromEnv = Secret.fromEnv(Map.of("PDNS_API_KEY", "k3y"), "PDNS_API_KEY");

    assertThat(fromFile.reveal()).isEqualTo("s3cr3t");
    assertThat(fromEnv.reveal()).isEqualTo("k3y");
    assertThat(fromFile.toString()).doesNotContain("s3cr3t").contains("redacted", file.toString());
    assertThat(fromEnv.toString()).doesNotContain("k3y").contains("PDNS_API_KEY");
    assertThatThrownBy(() -> Secret.fromEnv(Map.of(), "PDNS_API_KEY")).hasMessageContaining("PDNS_API_KEY is not set");
    assertThatThrownBy(() -> Secret.of("  ")).hasMessageContaining("empty");
  }
}
