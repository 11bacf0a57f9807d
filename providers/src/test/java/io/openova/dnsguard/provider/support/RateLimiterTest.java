package io.openova.dnsguard.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final FakeTime time = new FakeTime();

  @Test
  void acquire_withinBurst_doesNotWait() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(2, 3, time, time);

    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }

    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void acquire_beyondBurst_waitsOneIntervalPerToken() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(2, 1, time, time);

    for (int i = 0; i < 4; i++) {
      limiter.acquire();
    }

    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
  }

  @Test
  void acquire_afterIdleTime_refillsUpToBurstOnly() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(10, 2, time, time);
    limiter.acquire();
    limiter.acquire();

    time.advance(Duration.ofHours(1));
    limiter.acquire();
    limiter.acquire();
    limiter.acquire();

    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void acquire_sustainedLoad_averagesTheConfiguredRate() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(3600 / 3600.0, 10, time, time);
    java.time.Instant start = time.instant();

    for (int i = 0; i < 110; i++) {
      limiter.acquire();
    }

    assertThat(Duration.between(start, time.instant())).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void new_invalidSettings_rejected() {
    assertThatThrownBy(() -> new RateLimiter(0, 1, time, time)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new RateLimiter(1, 0, time, time)).hasMessageContaining("burst");
  }
}
