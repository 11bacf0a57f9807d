package io.openova.dnsguard.provider.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket: {@code permitsPerSecond} on average, bursts of up to {@code burst}. Callers that
 * find it empty wait (through the {@link Sleeper}) until their token is due; waiting callers are
 * served in arrival order.
 */
public final class RateLimiter {

  private final double permitsPerSecond;
  private final double burst;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock(true);
  private double tokens;
  private Instant refilled;

  public RateLimiter(double permitsPerSecond, int burst, Clock clock, Sleeper sleeper) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException("permitsPerSecond must be positive, not " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, not " + burst);
    }
    this.permitsPerSecond = permitsPerSecond;
    this.burst = burst;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.tokens = burst;
    this.refilled = clock.instant();
  }

  /** Takes one token, waiting for it if needed. */
  public void acquire() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      refill();
      tokens -= 1;
      if (tokens < 0) {
        // Our token arrives after the deficit refills; hold the lock so later callers queue behind.
        Duration wait = Duration.ofNanos((long) Math.ceil(-tokens / permitsPerSecond * 1e9));
        sleeper.sleep(wait);
        refill();
      }
    } finally {
      lock.unlock();
    }
  }

  private void refill() {
    Instant now = clock.instant();
    double elapsed = Duration.between(refilled, now).toNanos() / 1e9;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * permitsPerSecond);
      refilled = now;
    }
  }
}
