package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How often and how long to retry, and which failures are worth it: 429, 5xx and I/O errors are
 * retried; other 4xx are not.
 *
 * @param maxAttempts attempts in total, the first included
 * @param baseDelay the first back-off ceiling; it doubles per attempt (full jitter below it)
 * @param maxDelay the largest back-off ceiling
 * @param maxRetryAfter the longest Retry-After honoured; a server asking for more ends the retries
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(2));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    new BackOff(baseDelay, maxDelay); // checks 0 <= baseDelay <= maxDelay
  }

  /** No retries at all. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** True for statuses worth retrying: 408, 425, 429 and every 5xx except 501 and 505. */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 425 || status == 429 || (status >= 500 && status != 501 && status != 505);
  }

  /** The typed failure for an HTTP error response. */
  public static ProviderException httpFailure(String provider, @Nullable Zone zone, String operation, int status,
      String apiError, Optional<String> retryAfterHeader, Instant now) {
    return retryableStatus(status)
        ? new ProviderException.Transient(provider, zone, operation, status, apiError,
            RetryAfter.parse(retryAfterHeader, now).orElse(null), null)
        : new ProviderException.Refused(provider, zone, operation, status, apiError);
  }

  /** The typed failure for a request that got no response; always transient. */
  public static ProviderException ioFailure(String provider, @Nullable Zone zone, String operation, IOException e) {
    String what = e instanceof HttpTimeoutException ? "timed out"
        : e instanceof java.net.ConnectException ? "connection refused"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    return new ProviderException.Transient(provider, zone, operation, 0, what, null, e);
  }

  /** The back-off between attempts: from {@code baseDelay}, doubling up to {@code maxDelay}. */
  public BackOff backOff() {
    return new BackOff(baseDelay, maxDelay);
  }

  /** The back-off ceiling before retry number {@code retry} (1-based). */
  Duration ceiling(int retry) {
    return backOff().ceiling(retry);
  }
}
