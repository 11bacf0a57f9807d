package io.openova.dnsguard.policies.name;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals, parsed in one place for record values and {@code target} annotations: text
 * only, never a name lookup, and the one canonical spelling a {@code RecordSet} compares (dotted
 * decimal without leading zeros; RFC 5952 for IPv6). The JDK's parsers resolve names or are newer
 * than Java 21 ({@code InetAddress.ofLiteral}); Guava's would bring a library into the rule book
 * for forty lines.
 */
public final class IpLiteral {

  private IpLiteral() {}

  /** The canonical dotted quad of an IPv4 literal ({@code 010.0.0.1} reads as {@code 10.0.0.1}), or empty. */
  public static Optional<String> ipv4(String text) {
    // Scanned by hand: every target of every object passes here on each sync, nearly always canonical already.
    int octets = 0;
    int digits = 0;
    int octet = 0;
    boolean canonical = true;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || octet > 255 || ++octets > 4) {
          return Optional.empty();
        }
        digits = 0;
        octet = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        canonical &= digits == 0 || octet != 0; // no leading zero
        octet = octet * 10 + (c - '0');
        digits++;
      } else {
        return Optional.empty();
      }
    }
    if (octets != 4) {
      return Optional.empty();
    }
    if (canonical) {
      return Optional.of(text);
    }
    String[] parts = text.split("\\.");
    StringBuilder out = new StringBuilder(text.length());
    for (String part : parts) {
      out.append(out.isEmpty() ? "" : ".").append(Integer.parseInt(part));
    }
    return Optional.of(out.toString());
  }

  /** RFC 5952 text of an IPv6 literal (lower case, no leading zeros, the longest run of ≥ 2 zero groups as {@code ::}), or empty. */
  public static Optional<String> ipv6(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    int[] groups = new int[8];
    int gap = lower.indexOf("::");
    if (gap >= 0) {
      if (lower.indexOf("::", gap + 1) >= 0) {
        return Optional.empty();
      }
      int[] head = groups(lower.substring(0, gap));
      int[] tail = groups(lower.substring(gap + 2));
      if (head == null || tail == null || head.length + tail.length > 7) {
        return Optional.empty();
      }
      System.arraycopy(head, 0, groups, 0, head.length);
      System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
    } else {
      int[] all = groups(lower);
      if (all == null || all.length != 8) {
        return Optional.empty();
      }
      System.arraycopy(all, 0, groups, 0, 8);
    }
    return Optional.of(rfc5952(groups));
  }

  private static String rfc5952(int[] groups) {
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  // Hex groups separated by ':'; a trailing dotted quad counts as two groups; null when malformed.
  private static int @Nullable [] groups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    boolean dotted = parts[parts.length - 1].contains(".");
    int[] out = new int[parts.length + (dotted ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (dotted && i == parts.length - 1) {
        Optional<String> quad = ipv4(part);
        if (quad.isEmpty()) {
          return null;
        }
        String[] octets = quad.get().split("\\.");
        out[i] = Integer.parseInt(octets[0]) << 8 | Integer.parseInt(octets[1]);
        out[i + 1] = Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]);
        continue;
      }
      if (part.isEmpty() || part.length() > 4
          || !part.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return null;
      }
      out[i] = Integer.parseInt(part, 16);
    }
    return out;
  }
}
