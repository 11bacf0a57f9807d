package io.openova.dnsguard.reconciler.loop;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
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
import java.util.Set;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The policy's verdict on every object that claims names, re-checked before anything is synced:
 * objects admitted before the webhook existed, or while it was down, are never synced over
 * someone else. Objects that claim nothing are left out.
 */
public record Decisions(List<Allowed> allowed, List<Denied> denied) {
  private static final Logger LOG = Logger.getLogger(Decisions.class.getName());

  /** The verdict on one object. */
  public sealed interface Verdict permits Allowed, Denied {}

  /** An object whose claims may be synced. */
  public record Allowed(HasMetadata object, Extraction extraction) implements Verdict {
    public Allowed {
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(extraction, "extraction");
    }
  }

  /** An object the rule book denies: none of its names are synced. */
  public record Denied(HasMetadata object, ObjectRef ref, Decision.Deny deny) implements Verdict {
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
      switch (audit(object, extract(object, attachment), rules, claims, dns)) {
        case null -> { }
        case Allowed a -> allowed.add(a);
        case Denied d -> denied.add(d);
      }
    }
    return new Decisions(allowed, denied);
  }

  /** The object's claims, or null when it claims nothing (or its metadata cannot be read). */
  static @Nullable Extraction extract(HasMetadata object, Attachment attachment) {
    Optional<Extraction> extraction;
    try {
      extraction = SourceObject.of(object).map(source -> ClaimExtractor.extract(source, attachment));
    } catch (IllegalArgumentException unreadable) {
      LOG.fine(() -> "skipping an object whose metadata cannot be read: " + unreadable.getMessage());
      return null;
    }
    if (extraction.isEmpty() || (extraction.get().claims().isEmpty() && extraction.get().problems().isEmpty())) {
      return null;
    }
    return extraction.get();
  }

  /** One object's verdict as {@link AdmissionInput.Operation#AUDIT}; null when it claims nothing. */
  static @Nullable Verdict audit(HasMetadata object, @Nullable Extraction extraction, PolicyEvaluator rules,
      ClusterView claims, DnsView dns) {
    if (extraction == null) {
      return null;
    }
    // As rules.evaluate(AdmissionInput.audit(object), ...) decides, without extracting the claims again.
    return switch (rules.evaluate(extraction, Set.of(), Set.of(), true, claims, dns)) {
      case Decision.Allow allow -> new Allowed(object, extraction);
      case Decision.Deny deny -> new Denied(object, extraction.object(), deny);
    };
  }

  /** The source objects by their external-dns resource string ({@code httproute/ns/name}). */
  public Map<String, HasMetadata> byResource() {
    Map<String, HasMetadata> objects = new HashMap<>();
    allowed.forEach(a -> objects.put(EndpointSource.resource(a.extraction().object()), a.object()));
    denied.forEach(d -> objects.put(EndpointSource.resource(d.ref()), d.object()));
    return objects;
  }
}
