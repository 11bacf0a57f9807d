package io.openova.dnsguard.provider.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TXT record text on the wire, shared by the providers: {@link RecordSet}s hold the joined text
 * unquoted; APIs want it cut into RFC 1035 character-strings of at most 255 bytes, either quoted
 * in presentation format ({@code "part1" "part2"}: Cloudflare, Hetzner, PowerDNS) or as a list of
 * plain strings (Azure). Cuts never split a UTF-8 sequence, so every part is valid text for JSON.
 *
 * @see io.openova.dnsguard.policies.plan.RecordSet
 */
public final class TxtStrings {

  /** The longest character-string DNS can carry, in bytes. */
  public static final int MAX_STRING_BYTES = 255;

  private TxtStrings() {}

  /** {@code text} cut into parts of at most 255 UTF-8 bytes, at code point boundaries; one empty part for "". */
  public static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > MAX_STRING_BYTES) {
        parts.add(part.toString());
        part.setLength(0);
        bytes = 0;
      }
      part.appendCodePoint(cp);
      bytes += size;
      i += Character.charCount(cp);
    }
    parts.add(part.toString());
    return List.copyOf(parts);
  }

  /**
   * Presentation format: each part of {@link #split} in double quotes, separated by a space;
   * {@code "} and {@code \} escaped with a backslash, control characters as {@code \DDD}. Other
   * characters (UTF-8 included) are kept as they are, which JSON APIs accept.
   */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (String part : split(text)) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append('"');
      part.codePoints().forEach(cp -> {
        if (cp == '"' || cp == '\\') {
          out.append('\\').appendCodePoint(cp);
        } else if (cp < 0x20 || cp == 0x7f) {
          out.append('\\').append(String.format(Locale.ROOT, "%03d", cp));
        } else {
          out.appendCodePoint(cp);
        }
      });
      out.append('"');
    }
    return out.toString();
  }

  /**
   * The joined text of presentation-format content: quoted strings are concatenated with escapes
   * undone; unquoted content (as some APIs return records created by hand) is taken as it is.
   */
  public static String unquote(String content) {
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
        char next = trimmed.charAt(i + 1);
        if (i + 3 < trimmed.length() && isDigit(next) && isDigit(trimmed.charAt(i + 2)) && isDigit(trimmed.charAt(i + 3))) {
          out.write(Integer.parseInt(trimmed.substring(i + 1, i + 4)) & 0xff);
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

  /** Whether presentation-format content is well formed: balanced quotes, parts of at most 255 bytes. */
  public static boolean wellFormed(String content) {
    String trimmed = content.strip();
    if (!trimmed.startsWith("\"")) {
      return !trimmed.isEmpty();
    }
    boolean quoted = false;
    int partBytes = 0;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        partBytes = 0;
      } else if (quoted) {
        if (c == '\\' && i + 1 < trimmed.length()) {
          i += isDigit(trimmed.charAt(i + 1)) ? 3 : 1;
          partBytes++;
        } else {
          partBytes += String.valueOf(c).getBytes(StandardCharsets.UTF_8).length;
        }
        if (partBytes > MAX_STRING_BYTES) {
          return false;
        }
      } else if (c != ' ') {
        return false;
      }
    }
    return !quoted;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void write(ByteArrayOutputStream out, String text, int index) {
    out.writeBytes(new String(Character.toChars(text.codePointAt(index))).getBytes(StandardCharsets.UTF_8));
  }
}
