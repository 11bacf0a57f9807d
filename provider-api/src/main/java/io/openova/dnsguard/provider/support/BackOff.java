package io.openova.dnsguard.provider.support;

import java.time.Duration;
import java.util.Objects;

/**
 * The one exponential back-off of dnsguard: provider retries ({@link Retrier}), the reconcile loop
 * after a failed sync, the webhook waiting for its certificate. The ceiling before try number
 * {@code n + 1} is {@code first × 2^(n-1)}, capped at {@code max}; callers pick how to jitter below
 * it.
 *
 * @param first the first ceiling
 * @param max the largest ceiling
 */
public record BackOff(Duration first, Duration max) {

  public BackOff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 <= first <= max, not " + first + ", " + max);
    }
  }

  /** The ceiling after {@code failures} failed tries (1-based): first × 2^(failures-1), capped. */
  public Duration ceiling(int failures) {
    int shift = Math.min(Math.max(failures, 1) - 1, 30);
    long nanos = first.toNanos() << shift;
    return nanos < 0 || nanos > max.toNanos() ? max : Duration.ofNanos(nanos);
  }

  /** Full jitter: {@code random} (0..1) times the ceiling, so clients that failed together spread out. */
  public Duration fullJitter(int failures, double random) {
    return Duration.ofNanos((long) (ceiling(failures).toNanos() * random));
  }

  /** The ceiling give or take 20 % ({@code random} 0..1; 0.5 is the ceiling itself). */
  public Duration spread(int failures, double random) {
    return Duration.ofNanos((long) (ceiling(failures).toNanos() * (0.8 + 0.4 * random)));
  }
}
