package io.openova.dnsguard.policies.policy;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded {@code DNSPolicy} document (see {@code dnspolicy.schema.json}). Domains are kept sorted
 * longest suffix first, so the first match is the one that decides. {@code action} is what admission
 * does with a violation unless the violation's domain rule says otherwise.
 */
public record DnsPolicy(
    String name,
    String ownerId,
    TxtSettings txt,
    UnmanagedDomains unmanagedDomains,
    boolean adoptUnowned,
    List<DomainRule> domains,
    List<ShareRule> shares,
    Action action) {

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
    Objects.requireNonNull(action, "action");
  }

  /** A policy that enforces everything (the default action). */
  public DnsPolicy(String name, String ownerId, TxtSettings txt, UnmanagedDomains unmanagedDomains,
      boolean adoptUnowned, List<DomainRule> domains, List<ShareRule> shares) {
    this(name, ownerId, txt, unmanagedDomains, adoptUnowned, domains, shares, Action.ENFORCE);
  }

  /** The action of the domain rule the violation's name falls under, else the policy's. */
  public Action actionFor(Violation violation) {
    return violation.hostname().flatMap(this::domainFor).flatMap(DomainRule::action).orElse(action);
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
