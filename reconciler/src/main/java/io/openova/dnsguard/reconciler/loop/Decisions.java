package io.openova.dnsguard.reconciler.loop;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.reconciler.source.EndpointSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The policy's verdict on every object that claims names, re-checked before anything is synced:
 * objects admitted before the webhook existed, or while it was down, are never synced over
 * someone else. Objects that claim nothing are left out.
 */
public record Decisions(List<Allowed> allowed, List<Denied> denied) {
  private static final Logger LOG = Logger.getLogger(Decisions.class.getName());

  /** An object whose claims may be synced. */
  public record Allowed(HasMetadata object, Extraction extraction) {
    public Allowed {
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(extraction, "extraction");
    }
  }

  /** An object the rule book denies: none of its names are synced. */
  public record Denied(HasMetadata object, ObjectRef ref, Decision.Deny deny) {
    public Denied {
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(deny, "deny");
    }
  }

  public Decisions {
    allowed = List.copyOf(allowed);
    denied = List.copyOf(denied);
  }

  /** Evaluates every object as {@link AdmissionInput.Operation#AUDIT}: first claim wins by age. */
  static Decisions audit(List<HasMetadata> objects, PolicyEvaluator rules, ClusterView claims, DnsView dns,
      Attachment attachment) {
    List<Allowed> allowed = new ArrayList<>();
    List<Denied> denied = new ArrayList<>();
    for (HasMetadata object : objects) {
      Optional<Extraction> extraction;
      try {
        extraction = ClaimExtractor.extract(object, attachment);
      } catch (IllegalArgumentException unreadable) {
        LOG.fine(() -> "skipping an object whose metadata cannot be read: " + unreadable.getMessage());
        continue;
      }
      if (extraction.isEmpty() || (extraction.get().claims().isEmpty() && extraction.get().problems().isEmpty())) {
        continue;
      }
      switch (rules.evaluate(AdmissionInput.audit(object), claims, dns, attachment).decision()) {
        case Decision.Allow allow -> allowed.add(new Allowed(object, extraction.get()));
        case Decision.Deny deny -> denied.add(new Denied(object, extraction.get().object(), deny));
      }
    }
    return new Decisions(allowed, denied);
  }

  /** The source objects by their external-dns resource string ({@code httproute/ns/name}). */
  public Map<String, HasMetadata> byResource() {
    Map<String, HasMetadata> objects = new HashMap<>();
    allowed.forEach(a -> objects.put(EndpointSource.resource(a.extraction().object()), a.object()));
    denied.forEach(d -> objects.put(EndpointSource.resource(d.ref()), d.object()));
    return objects;
  }
}
