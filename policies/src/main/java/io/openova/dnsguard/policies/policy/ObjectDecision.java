package io.openova.dnsguard.policies.policy;

import java.util.Objects;

/** The decision for one object, named as {@code kind namespace/name}. */
public record ObjectDecision(String kind, String namespace, String name, Decision decision) {
  public ObjectDecision {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(decision, "decision");
  }
}
