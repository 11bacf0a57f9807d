package io.openova.dnsguard.policies.claim;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.IpLiteral;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a {@code target} annotation: a comma list of IPv4, IPv6 or hostname targets. The record
 * types follow as external-dns derives them: IPv4 → A, IPv6 → AAAA, hostname → CNAME.
 */
final class TargetList {

  private static final Pattern NUMERIC_TLD = Pattern.compile(".*(^|\\.)[0-9]+$");

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
    // Written canonically, as external-dns (Go's parser) wants: no leading zeros ("010.0.0.1" is no IP).
    if (IpLiteral.ipv4(target).filter(target::equals).isPresent()) {
      return Optional.of(RecordType.A);
    }
    if (target.contains(":")) {
      return IpLiteral.ipv6(target).isPresent() ? Optional.of(RecordType.AAAA) : Optional.empty();
    }
    // A numeric top-level label means a mistyped IP ("300.1.1.1"), never a real hostname.
    return Hostname.parse(target) instanceof ParsedHostname.Valid valid && !valid.hostname().isWildcard()
            && !NUMERIC_TLD.matcher(valid.hostname().value()).matches()
        ? Optional.of(RecordType.CNAME)
        : Optional.empty();
  }

  record Result(Set<RecordType> types, @org.jspecify.annotations.Nullable String invalidTarget) {}
}
