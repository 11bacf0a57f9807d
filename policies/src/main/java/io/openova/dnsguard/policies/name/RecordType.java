package io.openova.dnsguard.policies.name;

import java.util.Locale;

/** DNS record types dnsguard reasons about; everything else is {@link #OTHER}. */
public enum RecordType {
  A, AAAA, CNAME, TXT, NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER;

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
    return name().toLowerCase(Locale.ROOT);
  }
}
