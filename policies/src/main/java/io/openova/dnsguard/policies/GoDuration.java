package io.openova.dnsguard.policies;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} syntax, which external-dns annotations and Kubernetes-style flags
 * use: {@code 300ms}, {@code 5m}, {@code 1h30m}, {@code 1.5h}, optionally signed.
 */
public final class GoDuration {
  // One component: decimal number with optional fraction, then a unit.
  private static final Pattern COMPONENT = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /** The duration, or empty if {@code text} is not a Go duration or overflows one (±292 years). */
  public static Optional<Duration> parse(String text) {
    String s = text.trim();
    boolean negative = s.startsWith("-");
    String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    if (body.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
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
    if (nanos.compareTo(MAX_NANOS) > 0) {
      return Optional.empty();
    }
    long whole = nanos.longValue(); // Go truncates fractions of a nanosecond
    return Optional.of(Duration.ofNanos(negative ? -whole : whole));
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
