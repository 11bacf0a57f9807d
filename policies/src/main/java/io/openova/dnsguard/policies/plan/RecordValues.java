package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Locale;

/** Validates record values and brings them into the one form {@link RecordSet} compares. */
final class RecordValues {

  private RecordValues() {}

  static String canonical(Hostname name, RecordType type, String value) {
    return switch (type) {
      case A -> ipv4(name, value);
      case AAAA -> ipv6(name, value);
      case CNAME -> target(name, value);
      case TXT -> value;
      case NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER -> nonBlank(name, type, value);
    };
  }

  private static String nonBlank(Hostname name, RecordType type, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " " + type + " has an empty value");
    }
    return value.trim();
  }

  private static String target(Hostname name, String value) {
    return switch (Hostname.parse(value.trim())) {
      case ParsedHostname.Valid valid -> valid.hostname().value();
      case ParsedHostname.Invalid invalid ->
          throw new IllegalArgumentException(name + " CNAME target: " + invalid.message());
    };
  }

  static String ipv4(Hostname name, String value) {
    String[] parts = value.trim().split("\\.", -1);
    if (parts.length != 4) {
      throw notAn(name, "IPv4", value);
    }
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw notAn(name, "IPv4", value);
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw notAn(name, "IPv4", value);
      }
      out.append(out.isEmpty() ? "" : ".").append(octet);
    }
    return out.toString();
  }

  /** RFC 5952 text: lower case, no leading zeros, the longest run (≥ 2) of zero groups as {@code ::}. */
  static String ipv6(Hostname name, String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    int[] groups = new int[8];
    int count;
    int gap = text.indexOf("::");
    if (gap >= 0) {
      if (text.indexOf("::", gap + 1) >= 0) {
        throw notAn(name, "IPv6", value);
      }
      int[] head = groups(name, value, text.substring(0, gap));
      int[] tail = groups(name, value, text.substring(gap + 2));
      if (head.length + tail.length > 7) {
        throw notAn(name, "IPv6", value);
      }
      System.arraycopy(head, 0, groups, 0, head.length);
      System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
      count = 8;
    } else {
      int[] all = groups(name, value, text);
      if (all.length != 8) {
        throw notAn(name, "IPv6", value);
      }
      System.arraycopy(all, 0, groups, 0, 8);
      count = 8;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < count; i++) {
      int j = i;
      while (j < count && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
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

  // Hex groups separated by ':'; a trailing dotted quad counts as two groups.
  private static int[] groups(Hostname name, String original, String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    boolean dotted = parts[parts.length - 1].contains(".");
    int[] out = new int[parts.length + (dotted ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (dotted && i == parts.length - 1) {
        String[] quad = ipv4(name, part).split("\\.");
        out[i] = Integer.parseInt(quad[0]) << 8 | Integer.parseInt(quad[1]);
        out[i + 1] = Integer.parseInt(quad[2]) << 8 | Integer.parseInt(quad[3]);
        continue;
      }
      if (part.isEmpty() || part.length() > 4
          || !part.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw notAn(name, "IPv6", original);
      }
      out[i] = Integer.parseInt(part, 16);
    }
    return out;
  }

  private static IllegalArgumentException notAn(Hostname name, String what, String value) {
    return new IllegalArgumentException(name + ": \"" + value + "\" is not an " + what + " address");
  }
}
