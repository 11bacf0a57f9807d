package io.openova.dnsguard.policies.name;

import com.ibm.icu.text.IDNA;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A DNS hostname in canonical form: lower case, no trailing dot, IDNA ToASCII per UTS #46
 * (non-transitional, as browsers and Kubernetes tooling resolve names today), validated label by
 * label. A wildcard is {@code *.Z}; it covers every name below {@code Z} at any depth (Gateway API
 * suffix semantics) and never {@code Z} itself.
 *
 * <p>Labels that start with {@code _} parse (they exist in DNS: {@code _externaldns.}, {@code
 * _acme-challenge}); whether a workload may claim them is a policy question, see {@link
 * #hasReservedLabel()}.
 */
public final class Hostname implements Comparable<Hostname> {

  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL = 63;

  // ICU's UTS #46 instance is immutable and thread-safe. STD3 rules stay off so that '*' and '_'
  // survive mapping; the LDH rules are checked below with our own error names.
  private static final IDNA UTS46 =
      IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);

  private final String name;

  private Hostname(String canonical) {
    this.name = canonical;
  }

  /** Parses and canonicalises {@code input}; never throws. */
  public static ParsedHostname parse(String input) {
    Objects.requireNonNull(input, "input");
    String candidate = stripTrailingDot(input);
    if (candidate.isEmpty()) {
      return new ParsedHostname.Invalid(input, HostnameRule.EMPTY);
    }
    switch (form(candidate)) {
      case IDNA -> {
        @Nullable String ascii = toAscii(candidate);
        if (ascii == null) {
          return new ParsedHostname.Invalid(input, HostnameRule.IDNA);
        }
        candidate = stripTrailingDot(ascii);
      }
      case UPPER_CASE -> candidate = candidate.toLowerCase(Locale.ROOT);
      case LOWER_CASE -> {}
    }
    @Nullable HostnameRule broken = firstBrokenRule(candidate);
    return broken == null
        ? new ParsedHostname.Valid(new Hostname(candidate))
        : new ParsedHostname.Invalid(input, broken);
  }

  /** Parses a name known to be valid (configuration, tests); throws with the broken rule otherwise. */
  public static Hostname of(String input) {
    return switch (parse(input)) {
      case ParsedHostname.Valid valid -> valid.hostname();
      case ParsedHostname.Invalid invalid -> throw new IllegalArgumentException(invalid.message());
    };
  }

  /** The canonical text, e.g. {@code xn--bcher-kva.example}. */
  public String value() {
    return name;
  }

  public boolean isWildcard() {
    return name.startsWith("*.");
  }

  /** For {@code *.Z} returns {@code Z}; for a plain name returns itself. */
  public Hostname wildcardBase() {
    return isWildcard() ? new Hostname(name.substring(2)) : this;
  }

  public int labelCount() {
    int count = 1;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '.') {
        count++;
      }
    }
    return count;
  }

  /** True if any label starts with {@code _}: that namespace belongs to registries and services. */
  public boolean hasReservedLabel() {
    return name.charAt(0) == '_' || name.contains("._");
  }

  /** True if this equals {@code suffix} or lies below it (a wildcard {@code *.Z} lies below Z). */
  public boolean isWithin(Hostname suffix) {
    return name.equals(suffix.name) || isStrictlyBelow(suffix);
  }

  /**
   * Wildcard coverage: {@code *.Z} covers every name strictly below Z, wildcards below Z included
   * ({@code *.a.Z} overlaps {@code *.Z}), never Z itself. A plain name covers nothing but itself.
   */
  public boolean covers(Hostname other) {
    if (!isWildcard()) {
      return equals(other);
    }
    return other.isStrictlyBelow(wildcardBase());
  }

  private boolean isStrictlyBelow(Hostname suffix) {
    int offset = name.length() - suffix.name.length();
    return offset > 0 && name.charAt(offset - 1) == '.' && name.endsWith(suffix.name);
  }

  @Override
  public int compareTo(Hostname other) {
    return name.compareTo(other.name);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Hostname other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }

  private static String stripTrailingDot(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private enum Form { LOWER_CASE, UPPER_CASE, IDNA }

  // One pass: whether the text needs IDNA (a character outside ASCII, or an A-label, which IDNA
  // checks, so "xn--garbage" is rejected, not passed on), lower-casing, or neither. The names a sync
  // plans, and the ownership record names built from them, need neither: no copy is made.
  private static Form form(String s) {
    Form form = Form.LOWER_CASE;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || (i == 0 || s.charAt(i - 1) == '.') && s.regionMatches(true, i, "xn--", 0, 4)) {
        return Form.IDNA;
      }
      if (c >= 'A' && c <= 'Z') {
        form = Form.UPPER_CASE;
      }
    }
    return form;
  }

  private static @Nullable String toAscii(String s) {
    IDNA.Info info = new IDNA.Info();
    StringBuilder out = UTS46.nameToASCII(s, new StringBuilder(), info);
    for (IDNA.Error error : info.getErrors()) {
      // Length and hyphen rules are reported by firstBrokenRule with their own names.
      switch (error) {
        case EMPTY_LABEL, LABEL_TOO_LONG, DOMAIN_NAME_TOO_LONG, LEADING_HYPHEN, TRAILING_HYPHEN,
            HYPHEN_3_4 -> {}
        default -> {
          return null;
        }
      }
    }
    return out.toString();
  }

  private static @Nullable HostnameRule firstBrokenRule(String s) {
    int labelStart = 0;
    int index = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '.') {
        @Nullable HostnameRule broken = brokenLabelRule(s, labelStart, i, index, i == s.length());
        if (broken != null) {
          return broken;
        }
        labelStart = i + 1;
        index++;
      }
    }
    return s.length() > MAX_NAME ? HostnameRule.NAME_TOO_LONG : null;
  }

  private static @Nullable HostnameRule brokenLabelRule(
      String s, int start, int end, int index, boolean last) {
    int length = end - start;
    if (length == 0) {
      return HostnameRule.EMPTY_LABEL;
    }
    if (length > MAX_LABEL) {
      return HostnameRule.LABEL_TOO_LONG;
    }
    if (length == 1 && s.charAt(start) == '*') {
      // "*" alone names nothing: a wildcard needs a base below which it applies.
      return index == 0 && !last ? null : HostnameRule.WILDCARD_POSITION;
    }
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      boolean ldh = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      if (c == '*') {
        return HostnameRule.WILDCARD_POSITION;
      }
      if (!ldh && !(c == '_' && i == start)) {
        return HostnameRule.LABEL_CHARACTERS;
      }
    }
    if (s.charAt(start) == '-' || s.charAt(end - 1) == '-') {
      return HostnameRule.LABEL_HYPHEN;
    }
    return null;
  }
}
