package io.openova.dnsguard.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetrierTest {

  private static final Zone ZONE = new Zone("example.com.", Hostname.of("example.com"));
  private static final RetryPolicy POLICY =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), Duration.ofSeconds(30));

  private final FakeTime time = new FakeTime();

  private static ProviderException locked() {
    return new ProviderException.Transient("powerdns", ZONE, "PATCH rrsets", 500, "database is locked", null, null);
  }

  private static Runnable failing(int times, ProviderException failure, AtomicInteger calls) {
    return () -> {
      if (calls.incrementAndGet() <= times) {
        throw failure;
      }
    };
  }

  @Test
  void call_transientThenSuccess_retriesAndReturns() {
    AtomicInteger calls = new AtomicInteger();
    Retrier retrier = new Retrier(POLICY, time, () -> 0.5);

    run(retrier, failing(2, locked(), calls));

    assertThat(calls).hasValue(3);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void call_alwaysTransient_givesUpAfterMaxAttemptsWithTheLastFailure() {
    AtomicInteger calls = new AtomicInteger();
    Retrier retrier = new Retrier(POLICY, time, () -> 0.999);

    assertThatThrownBy(() -> run(retrier, failing(100, locked(), calls)))
        .isInstanceOf(ProviderException.Transient.class)
        .hasMessage("powerdns: zone example.com: PATCH rrsets failed (HTTP 500): database is locked");
    assertThat(calls).hasValue(5);
    assertThat(time.sleeps()).hasSize(4);
  }

  @Test
  void call_refused_isNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    ProviderException refused = new ProviderException.Refused("powerdns", ZONE, "PATCH rrsets", 422,
        "RRset api.example.com. IN CNAME: Conflicts with pre-existing RRset");

    assertThatThrownBy(() -> run(new Retrier(POLICY, time, () -> 0.5), failing(1, refused, calls)))
        .isSameAs(refused);
    assertThat(calls).hasValue(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void waitBefore_fullJitter_staysWithinTheDoublingCeiling() {
    List<Duration> max = new ArrayList<>();
    List<Duration> min = new ArrayList<>();
    Retrier top = new Retrier(POLICY, time, () -> Math.nextDown(1.0));
    Retrier bottom = new Retrier(POLICY, time, () -> 0.0);

    for (int attempt = 1; attempt <= 4; attempt++) {
      max.add(top.waitBefore(attempt, locked()));
      min.add(bottom.waitBefore(attempt, locked()));
    }

    assertThat(min).containsOnly(Duration.ZERO);
    assertThat(max).extracting(Duration::toMillis).containsExactly(99L, 199L, 349L, 349L);
  }

  @Test
  void waitBefore_randomFractions_alwaysBelowCeiling() {
    java.util.Random random = new java.util.Random(42);
    Retrier retrier = new Retrier(POLICY, time, random::nextDouble);

    for (int i = 0; i < 1000; i++) {
      int attempt = 1 + (i % 6);
      Duration wait = retrier.waitBefore(attempt, locked());
      assertThat(wait).isBetween(Duration.ZERO, POLICY.ceiling(attempt));
    }
  }

  @Test
  void call_retryAfter_waitsExactlyWhatTheServerAsked() {
    AtomicInteger calls = new AtomicInteger();
    ProviderException limited = new ProviderException.Transient("cloudflare", ZONE, "list records", 429,
        "rate limited", Duration.ofSeconds(7), null);

    run(new Retrier(POLICY, time, () -> 0.5), failing(1, limited, calls));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void call_retryAfterLongerThanAllowed_givesUpAndSaysSo() {
    ProviderException limited = new ProviderException.Transient("cloudflare", ZONE, "list records", 429,
        "rate limited", Duration.ofMinutes(10), null);

    assertThatThrownBy(() -> run(new Retrier(POLICY, time, () -> 0.5), failing(1, limited, new AtomicInteger())))
        .hasMessageContaining("the server asked to wait 600 s, more than the 30 s allowed");
    assertThat(time.sleeps()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504})
  void httpFailure_retryableStatus_isTransient(int status) {
    assertThat(RetryPolicy.httpFailure("p", ZONE, "op", status, "x", Optional.empty(), time.instant()))
        .isInstanceOf(ProviderException.Transient.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 422, 501})
  void httpFailure_clientError_isRefused(int status) {
    assertThat(RetryPolicy.httpFailure("p", ZONE, "op", status, "x", Optional.empty(), time.instant()))
        .isInstanceOf(ProviderException.Refused.class)
        .hasMessage("p: zone example.com: op refused (HTTP " + status + "): x");
  }

  @Test
  void httpFailure_retryAfterHeader_isParsedIntoTheFailure() {
    ProviderException failure = RetryPolicy.httpFailure("p", null, "op", 503, "busy", Optional.of("12"), time.instant());

    assertThat(((ProviderException.Transient) failure).retryAfter()).contains(Duration.ofSeconds(12));
    assertThat(failure).hasMessage("p: op failed (HTTP 503): busy");
  }

  @Test
  void ioFailure_connectionRefused_isTransientWithoutStatus() {
    ProviderException failure = RetryPolicy.ioFailure("powerdns", ZONE, "PATCH rrsets", new ConnectException());

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.status()).isZero();
    assertThat(failure).hasMessage("powerdns: zone example.com: PATCH rrsets failed: connection refused");
    assertThat(RetryPolicy.ioFailure("p", null, "op", new IOException("reset")).getMessage()).isEqualTo("p: op failed: IOException reset");
  }

  @Test
  void after_addsProgressAndKeepsTheType() {
    ProviderException failure = locked().after("(after 3 of 10 requests)");

    assertThat(failure).isInstanceOf(ProviderException.Transient.class)
        .hasMessage("powerdns: zone example.com: PATCH rrsets (after 3 of 10 requests) failed (HTTP 500): database is locked");
  }

  private static void run(Retrier retrier, Runnable call) {
    retrier.call(() -> {
      call.run();
      return call;
    });
  }
}
