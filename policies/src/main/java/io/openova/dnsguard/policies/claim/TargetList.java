package io.openova.dnsguard.policies.claim;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a {@code target} annotation: a comma list of IPv4, IPv6 or hostname targets. The record
 * types follow as external-dns derives them: IPv4 → A, IPv6 → AAAA, hostname → CNAME.
 */
final class TargetList {

  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern NUMERIC_TLD = Pattern.compile(".*(^|\\.)[0-9]+$");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private TargetList() {}

  /** The record types the targets imply, or the first target that is neither an IP nor a hostname. */
  static Result parse(String annotation) {
    Set<RecordType> types = EnumSet.noneOf(RecordType.class);
    for (String target : CommaList.split(annotation)) {
      Optional<RecordType> type = typeOf(target);
      if (type.isEmpty()) {
        return new Result(Set.of(), target);
      }
      types.add(type.get());
    }
    return new Result(types, null);
  }

  static Optional<RecordType> typeOf(String target) {
    if (IPV4.matcher(target).matches()) {
      return Optional.of(RecordType.A);
    }
    if (target.contains(":")) {
      return isIpv6(target) ? Optional.of(RecordType.AAAA) : Optional.empty();
    }
    // A numeric top-level label means a mistyped IP ("300.1.1.1"), never a real hostname.
    return Hostname.parse(target) instanceof ParsedHostname.Valid valid && !valid.hostname().isWildcard()
            && !NUMERIC_TLD.matcher(valid.hostname().value()).matches()
        ? Optional.of(RecordType.CNAME)
        : Optional.empty();
  }

  static boolean isIpv6(String target) {
    if (!IPV6_CHARS.matcher(target).matches()) {
      return false;
    }
    try {
      // A literal with ':' is parsed, never resolved.
      return InetAddress.getByName(target).getAddress().length == 16;
    } catch (UnknownHostException invalid) {
      return false;
    }
  }

  record Result(Set<RecordType> types, @org.jspecify.annotations.Nullable String invalidTarget) {}
}
