package io.openova.dnsguard.policies.claim;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code ttl} annotation as external-dns does: integer seconds, or a Go duration
 * ({@code 300}, {@code 5m}, {@code 1h30m}, {@code 1.5h}); the result must be 0..2^31-1 seconds.
 */
final class TtlValue {

  private static final Pattern INTEGER = Pattern.compile("[0-9]+");
  // One Go duration component: decimal number with optional fraction, then a unit.
  private static final Pattern COMPONENT = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
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
    boolean negative = s.startsWith("-");
    String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    if (body.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = COMPONENT.matcher(body);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < body.length()) {
      if (!m.find(position) || m.start() != position || m.group(1).isEmpty() || m.group(1).equals(".")) {
        return Optional.empty();
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unitNanos(m.group(2))));
      position = m.end();
    }
    long seconds = nanos.movePointLeft(9).longValue(); // Go's Duration.Seconds() truncated to int64
    return Optional.of(negative ? -seconds : seconds);
  }

  private static BigDecimal unitNanos(String unit) {
    return BigDecimal.valueOf(
        switch (unit) {
          case "ns" -> 1L;
          case "us", "µs", "μs" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          default -> 3_600_000_000_000L; // "h": the pattern admits no other unit
        });
  }
}
