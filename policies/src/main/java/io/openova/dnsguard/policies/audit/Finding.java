package io.openova.dnsguard.policies.audit;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.policy.Action;
import io.openova.dnsguard.policies.policy.DenyCode;
import io.openova.dnsguard.policies.policy.PolicyRule;
import java.util.List;
import java.util.Objects;

/**
 * One audit result: an object breaks a rule. {@code message} is what a denial of the object would
 * say for that rule; {@code action} is what admission does with it today.
 */
public record Finding(Subject object, PolicyRule rule, Action action, DenyCode code, List<Hostname> hostnames,
    String message) {

  /** The object, as reports reference it. {@code namespace} is empty for cluster-scoped objects. */
  public record Subject(String apiVersion, String kind, String namespace, String name, String uid) {
    public Subject {
      Objects.requireNonNull(apiVersion, "apiVersion");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uid, "uid");
    }

    /** {@code HTTPRoute team-b/api}. */
    public String display() {
      return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
  }

  public Finding {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(code, "code");
    hostnames = List.copyOf(hostnames);
    if (message.isBlank()) {
      throw new IllegalArgumentException("message must not be blank");
    }
  }
}
