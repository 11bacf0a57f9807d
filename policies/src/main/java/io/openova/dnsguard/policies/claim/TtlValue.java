package io.openova.dnsguard.policies.claim;

import io.openova.dnsguard.policies.GoDuration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the {@code ttl} annotation as external-dns does: integer seconds, or a Go duration
 * ({@code 300}, {@code 5m}, {@code 1h30m}, {@code 1.5h}); the result must be 0..2^31-1 seconds.
 */
final class TtlValue {

  private static final Pattern INTEGER = Pattern.compile("[0-9]+");
  private static final long MAX_SECONDS = Integer.MAX_VALUE;

  private TtlValue() {}

  /** The TTL in seconds, or empty if {@code text} is neither an integer nor a Go duration in range. */
  static Optional<Long> parseSeconds(String text) {
    String s = text.trim();
    if (INTEGER.matcher(s).matches()) {
      return s.length() > 10 ? Optional.empty() : inRange(Long.parseLong(s));
    }
    return goDurationSeconds(s).flatMap(TtlValue::inRange);
  }

  private static Optional<Long> inRange(long seconds) {
    return seconds >= 0 && seconds <= MAX_SECONDS ? Optional.of(seconds) : Optional.empty();
  }

  private static Optional<Long> goDurationSeconds(String s) {
    // Go's Duration.Seconds() truncated to int64: toward zero, as long division does.
    return GoDuration.parse(s).map(d -> d.toNanos() / 1_000_000_000L);
  }
}
