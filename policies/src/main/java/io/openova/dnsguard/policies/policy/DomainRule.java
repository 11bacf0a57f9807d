package io.openova.dnsguard.policies.policy;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may claim names at or below {@code suffix}: listed namespaces OR namespaces matching the
 * selector. {@code action}, when present, replaces the policy's for violations on names here.
 */
public record DomainRule(
    Hostname suffix, Set<String> namespaces, Optional<LabelSelector> namespaceSelector, WildcardPolicy wildcards,
    Optional<Action> action) {

  public DomainRule {
    Objects.requireNonNull(suffix, "suffix");
    if (suffix.isWildcard()) {
      throw new IllegalArgumentException("a domain suffix must not be a wildcard: " + suffix);
    }
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(namespaceSelector, "namespaceSelector");
    Objects.requireNonNull(wildcards, "wildcards");
    Objects.requireNonNull(action, "action");
  }

  /** A rule that takes the policy's action. */
  public DomainRule(
      Hostname suffix, Set<String> namespaces, Optional<LabelSelector> namespaceSelector, WildcardPolicy wildcards) {
    this(suffix, namespaces, namespaceSelector, wildcards, Optional.empty());
  }

  public boolean admits(String namespace, Map<String, String> namespaceLabels) {
    return namespaces.contains(namespace) || namespaceSelector.map(s -> s.matches(namespaceLabels)).orElse(false);
  }
}
