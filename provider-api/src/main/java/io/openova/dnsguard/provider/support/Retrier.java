package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.provider.ProviderException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Runs a provider call under a {@link RetryPolicy}: transient failures are retried after a full
 * jitter back-off (uniform in [0, ceiling), ceiling = base × 2^n up to the maximum), or after
 * exactly what Retry-After asked for. Refused calls, and the last failure, are rethrown as they
 * are. The calls themselves must be idempotent (PUT/PATCH of whole record sets are).
 */
public final class Retrier {

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  /**
   * @param random uniform in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}
   */
  public Retrier(RetryPolicy policy, Sleeper sleeper, DoubleSupplier random) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  public <T> T call(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (ProviderException failure) {
        if (!failure.retryable() || attempt >= policy.maxAttempts()) {
          throw failure;
        }
        Duration wait = waitBefore(attempt, failure);
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure;
        }
      }
    }
  }

  /** The wait after failed attempt number {@code attempt}. */
  Duration waitBefore(int attempt, ProviderException failure) {
    if (failure instanceof ProviderException.Transient t && t.retryAfter().isPresent()) {
      Duration asked = t.retryAfter().get();
      if (asked.compareTo(policy.maxRetryAfter()) > 0) {
        throw failure.after("(the server asked to wait " + asked.toSeconds() + " s, more than the "
            + policy.maxRetryAfter().toSeconds() + " s allowed)");
      }
      return asked;
    }
    return policy.backOff().fullJitter(attempt, random.getAsDouble());
  }
}
