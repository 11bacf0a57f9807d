package io.openova.dnsguard.policies.policy;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.Objects;
import java.util.Set;

/** Lets the listed namespaces claim exactly {@code hostname} even when another namespace owns it. */
public record ShareRule(Hostname hostname, Set<String> namespaces) {
  public ShareRule {
    Objects.requireNonNull(hostname, "hostname");
    namespaces = Set.copyOf(namespaces);
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException("a share needs at least one namespace");
    }
  }
}
