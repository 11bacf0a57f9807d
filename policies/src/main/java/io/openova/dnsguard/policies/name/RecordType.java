package io.openova.dnsguard.policies.name;

import java.util.Locale;

/** DNS record types dnsguard reasons about; everything else is {@link #OTHER}. */
public enum RecordType {
  A, AAAA, CNAME, TXT, NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER;

  private final String lowerCase = name().toLowerCase(Locale.ROOT); // asked for per name and type

  /** Case-insensitive; unknown types map to {@link #OTHER}. */
  public static RecordType of(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      return OTHER;
    }
  }

  /** The lower-case form external-dns puts into new-format TXT names ({@code a-}, {@code cname-}). */
  public String lowerCase() {
    return lowerCase;
  }
}
