package io.openova.dnsguard.provider.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * TXT record text on the wire, shared by the providers: {@link RecordSet}s hold the joined text
 * unquoted; APIs want it cut into RFC 1035 character-strings of at most 255 bytes, either quoted
 * in presentation format ({@code "part1" "part2"}: Cloudflare, Google, Hetzner, PowerDNS,
 * Route53) or as a list of plain strings (Azure). How bytes outside printable ASCII are written
 * differs by API ({@link Escape}); everything else is the same for all.
 *
 * @see io.openova.dnsguard.policies.plan.RecordSet
 */
public final class TxtStrings {

  /** The longest character-string DNS can carry, in bytes. */
  public static final int MAX_STRING_BYTES = 255;

  /** How presentation format writes what is not printable ASCII; {@code "} and {@code \} are always backslash-escaped. */
  public enum Escape {
    /** UTF-8 kept as it is, control characters as {@code \DDD} decimal (JSON APIs that take UTF-8 text). */
    UTF8(10),
    /** Every byte outside printable ASCII as {@code \DDD} decimal, RFC 1035's form (PowerDNS). */
    DECIMAL(10),
    /** Every byte outside printable ASCII as {@code \ooo} octal (Route53). */
    OCTAL(8);

    private final int radix;

    Escape(int radix) {
      this.radix = radix;
    }
  }

  private TxtStrings() {}

  /** {@code text} cut into parts of at most 255 UTF-8 bytes, at code point boundaries; one empty part for "". */
  public static List<String> split(String text) {
    if (text.length() <= MAX_STRING_BYTES && isAscii(text)) {
      return List.of(text); // an ownership record, and most TXT text: one part, nothing to count
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = utf8Bytes(cp);
      if (bytes + size > MAX_STRING_BYTES) {
        parts.add(text.substring(start, i));
        start = i;
        bytes = 0;
      }
      bytes += size;
      i += Character.charCount(cp);
    }
    parts.add(text.substring(start));
    return List.copyOf(parts);
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static int utf8Bytes(int cp) {
    // a lone surrogate is written as one replacement byte, as String#getBytes does
    return cp < 0x80 || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  /** Presentation format for JSON APIs that take UTF-8: {@link #quote(String, Escape)} with {@link Escape#UTF8}. */
  public static String quote(String text) {
    return quote(text, Escape.UTF8);
  }

  /**
   * Presentation format: each part of {@link #split} in double quotes, separated by a space;
   * {@code "} and {@code \} escaped with a backslash, control characters (and, unless {@link
   * Escape#UTF8}, every byte outside printable ASCII) as a three-digit escape in the style's radix.
   */
  public static String quote(String text, Escape escape) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (String part : split(text)) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append('"');
      for (int i = 0; i < part.length(); ) {
        int cp = part.codePointAt(i);
        if (cp == '"' || cp == '\\') {
          out.append('\\').appendCodePoint(cp);
        } else if (cp >= 0x20 && cp < 0x7f || cp > 0x7f && escape == Escape.UTF8) {
          out.appendCodePoint(cp);
        } else {
          for (byte b : part.substring(i, i + Character.charCount(cp)).getBytes(StandardCharsets.UTF_8)) {
            String digits = Integer.toString(b & 0xff, escape.radix);
            out.append('\\').append("0".repeat(3 - digits.length())).append(digits);
          }
        }
        i += Character.charCount(cp);
      }
      out.append('"');
    }
    return out.toString();
  }

  /** The joined text of presentation-format content with {@code \DDD} decimal escapes. */
  public static String unquote(String content) {
    return unquote(content, Escape.DECIMAL);
  }

  /**
   * The joined text of presentation-format content: quoted strings are concatenated with escapes
   * (three digits in the style's radix, or a backslash before any character) undone; unquoted
   * content (as some APIs return records created by hand) is taken as it is.
   */
  public static String unquote(String content, Escape escape) {
    String trimmed = content.strip();
    if (!trimmed.startsWith("\"")) {
      return content;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length());
    boolean quoted = false;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && i + 1 < trimmed.length()) {
        if (isDigits(trimmed, i + 1, escape.radix)) {
          out.write(Integer.parseInt(trimmed.substring(i + 1, i + 4), escape.radix) & 0xff);
          i += 3;
        } else {
          write(out, trimmed, i + 1);
          i += Character.charCount(trimmed.codePointAt(i + 1));
        }
      } else if (quoted) {
        write(out, trimmed, i);
        i += Character.charCount(trimmed.codePointAt(i)) - 1;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  // Three digits of the radix at text[from..from+3).
  private static boolean isDigits(String text, int from, int radix) {
    if (from + 3 > text.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (Character.digit(text.charAt(i), radix) < 0) {
        return false;
      }
    }
    return true;
  }

  private static void write(ByteArrayOutputStream out, String text, int index) {
    out.writeBytes(new String(Character.toChars(text.codePointAt(index))).getBytes(StandardCharsets.UTF_8));
  }
}
