package io.openova.dnsguard.policies.policy;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded {@code DNSPolicy} document (see {@code dnspolicy.schema.json}). Domains are kept sorted
 * longest suffix first, so the first match is the one that decides.
 */
public record DnsPolicy(
    String name,
    String ownerId,
    TxtSettings txt,
    UnmanagedDomains unmanagedDomains,
    boolean adoptUnowned,
    List<DomainRule> domains,
    List<ShareRule> shares) {

  public DnsPolicy {
    Objects.requireNonNull(name, "name");
    if (ownerId.isBlank()) {
      throw new IllegalArgumentException("ownerId must not be blank");
    }
    Objects.requireNonNull(txt, "txt");
    Objects.requireNonNull(unmanagedDomains, "unmanagedDomains");
    domains =
        domains.stream()
            .sorted(Comparator.comparingInt((DomainRule d) -> d.suffix().labelCount()).reversed())
            .toList();
    shares = List.copyOf(shares);
  }

  /** The rule of the longest domain suffix that contains {@code hostname}. */
  public Optional<DomainRule> domainFor(Hostname hostname) {
    for (DomainRule domain : domains) {
      if (hostname.isWithin(domain.suffix())) {
        return Optional.of(domain);
      }
    }
    return Optional.empty();
  }

  /** True if a share rule lets {@code namespace} use exactly {@code hostname}. */
  public boolean isSharedWith(Hostname hostname, String namespace) {
    for (ShareRule share : shares) {
      if (share.hostname().equals(hostname) && share.namespaces().contains(namespace)) {
        return true;
      }
    }
    return false;
  }
}
