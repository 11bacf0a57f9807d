package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.IpLiteral;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;

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

  private static String ipv4(Hostname name, String value) {
    return IpLiteral.ipv4(value.trim()).orElseThrow(() -> notAn(name, "IPv4", value));
  }

  private static String ipv6(Hostname name, String value) {
    return IpLiteral.ipv6(value.trim()).orElseThrow(() -> notAn(name, "IPv6", value));
  }

  private static IllegalArgumentException notAn(Hostname name, String what, String value) {
    return new IllegalArgumentException(name + ": \"" + value + "\" is not an " + what + " address");
  }
}
