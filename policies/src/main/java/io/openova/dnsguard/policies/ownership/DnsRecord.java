package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.name.RecordType;
import java.util.Locale;
import java.util.Objects;

/**
 * One DNS record as a provider or zone file returns it. {@code name} is lower case without the
 * trailing dot but otherwise raw: registry names such as {@code _externaldns.a-*.example.com} are
 * not hostnames. {@code data} is the presentation form (TXT strings joined, quotes removed).
 */
public record DnsRecord(String name, RecordType type, long ttl, String data) {
  public DnsRecord {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    name = name.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
  }
}
