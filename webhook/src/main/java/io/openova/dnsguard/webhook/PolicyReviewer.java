package io.openova.dnsguard.webhook;

import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.ClaimFieldsReader;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.Enforcement;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.webhook.GuardedDnsView.DnsUnavailableException;
import io.openova.dnsguard.webhook.review.AdmissionRequest;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import io.openova.dnsguard.webhook.review.ReviewObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * review → claims → decision → response: the rule book ({@link PolicyEvaluator}) applied to an
 * admission request against what the cluster and DNS already hold.
 */
public final class PolicyReviewer implements Reviewer {
  private final Supplier<PolicyEvaluator> evaluator;
  private final ClusterView cluster;
  private final DnsView dns;
  private final DnsFailurePolicy dnsFailurePolicy;
  private final Attachment attachment;
  private final @Nullable ClaimGate gate;

  /** Routes' names as written (no Gateway known), no claim gate; see the full constructor. */
  public PolicyReviewer(Supplier<PolicyEvaluator> evaluator, ClusterView cluster, DnsView dns,
      DnsFailurePolicy dnsFailurePolicy) {
    this(evaluator, cluster, dns, dnsFailurePolicy, Attachment.AS_WRITTEN, null);
  }

  /** No claim gate; see the full constructor. */
  public PolicyReviewer(Supplier<PolicyEvaluator> evaluator, ClusterView cluster, DnsView dns,
      DnsFailurePolicy dnsFailurePolicy, Attachment attachment) {
    this(evaluator, cluster, dns, dnsFailurePolicy, attachment, null);
  }

  /** Routes' names as written; see the full constructor. */
  public PolicyReviewer(Supplier<PolicyEvaluator> evaluator, ClusterView cluster, DnsView dns,
      DnsFailurePolicy dnsFailurePolicy, @Nullable ClaimGate gate) {
    this(evaluator, cluster, dns, dnsFailurePolicy, Attachment.AS_WRITTEN, gate);
  }

  /**
   * @param evaluator the current policy's evaluator (the policy may be replaced while running)
   * @param cluster the claims of objects already admitted, fed by informers
   * @param dns the DNS registry's ownership records, cached per zone
   * @param attachment how a route's names are found: the spec's attachment over the Gateway caches
   * @param gate makes an allowed claim exclusive before the object is stored (pending claims,
   *     reservations); {@code cluster} is then the index's live view, the gate sees the rest
   */
  public PolicyReviewer(Supplier<PolicyEvaluator> evaluator, ClusterView cluster, DnsView dns,
      DnsFailurePolicy dnsFailurePolicy, Attachment attachment, @Nullable ClaimGate gate) {
    this.attachment = attachment;
    this.evaluator = evaluator;
    this.cluster = cluster;
    this.dns = new GuardedDnsView(dns);
    this.dnsFailurePolicy = dnsFailurePolicy;
    this.gate = gate;
  }

  @Override
  public AdmissionResponse review(AdmissionRequest request) {
    @Nullable AdmissionInput input;
    try {
      input = input(request);
    } catch (IllegalArgumentException unreadable) {
      return AdmissionResponse.deny(request.uid(), 422,
          request.describe() + " cannot be read: " + unreadable.getMessage(), List.of());
    }
    if (input == null) {
      return AdmissionResponse.allow(request.uid(), List.of()); // a kind that claims no names
    }
    PolicyEvaluator current = evaluator.get();
    try {
      return decide(request, input, current, true, List.of());
    } catch (ClaimGate.ReservationUnavailableException e) {
      return AdmissionResponse.deny(request.uid(), 503, String.valueOf(e.getMessage()), List.of())
          .withFallback("reservation", "refused"); // no failure policy of its own: fails closed
    } catch (ClaimLeader.UnavailableException e) {
      if (!e.decideHere()) {
        return AdmissionResponse.deny(request.uid(), 503, e.getMessage()
            + "; new names are refused because the webhook's leader failure policy is Fail", List.of())
            .withFallback("leader", "refused");
      }
      return decide(request, input, current, false,
          List.of(e.getMessage() + "; decided by one replica alone (leader failure policy Ignore)"))
          .withFallback("leader", "ignored");
    }
  }

  /**
   * The leader's side of a claim a follower forwarded (which the follower allowed): decided here,
   * against this replica's live and pending claims, under the index's lock.
   *
   * @throws IllegalArgumentException when the forwarded objects cannot be read
   */
  Decision decideForwarded(AdmissionRequest request) {
    AdmissionInput input = input(request);
    return gate == null || input == null ? Decision.ALLOW
        : gate.settleHere(input, request.dryRun(), evaluator.get(), Decision.ALLOW, attachment);
  }

  /**
   * The request as the rule book's input; null for an object of a kind that claims no names, {@link
   * IllegalArgumentException} when an object cannot be read.
   */
  private static @Nullable AdmissionInput input(AdmissionRequest request) {
    return switch (request.operation()) {
      case CREATE, UPDATE -> {
        SourceObject object = source(request.object(), request);
        if (object == null) {
          yield null;
        }
        SourceObject old = request.operation() == AdmissionRequest.Operation.UPDATE && request.oldObject() != null
            ? source(request.oldObject(), request) : null;
        yield old == null ? AdmissionInput.create(object) : AdmissionInput.update(object, old);
      }
      case DELETE, CONNECT -> new AdmissionInput(AdmissionInput.Operation.DELETE, null, null);
    };
  }

  /** {@code forward}: false decides new names on this replica even in leader mode (see {@link ClaimGate#settleHere}). */
  private AdmissionResponse decide(AdmissionRequest request, AdmissionInput input, PolicyEvaluator current,
      boolean forward, List<String> notes) {
    try {
      return respond(request, current,
          settled(request, input, current, current.evaluate(input, cluster, dns, attachment).decision(), forward), notes);
    } catch (DnsUnavailableException e) {
      List<String> warnings = new ArrayList<>(notes);
      warnings.add(e.getMessage() + "; decided on cluster claims alone (DNS failure policy Ignore)");
      return switch (dnsFailurePolicy) {
        case FAIL -> AdmissionResponse.deny(request.uid(), 503,
            e.getMessage() + "; denied because the webhook's DNS failure policy is Fail", List.of())
            .withFallback("dns", "refused");
        case IGNORE -> respond(request, current,
            settled(request, input, current, current.evaluate(input, cluster, DnsView.EMPTY, attachment).decision(),
                forward), warnings).withFallback("dns", "ignored");
      };
    }
  }

  private Decision settled(AdmissionRequest request, AdmissionInput input, PolicyEvaluator current, Decision decision,
      boolean forward) {
    if (gate == null) {
      return decision;
    }
    return forward ? gate.settle(input, request.dryRun(), current, decision, attachment)
        : gate.settleHere(input, request.dryRun(), current, decision, attachment);
  }

  /**
   * decision → response: each violation takes its action (the domain rule's, else the policy's).
   * Enforced ones deny with their message; warned ones become warnings kubectl prints; audited ones
   * are admitted silently (the background audit reports them).
   */
  private static AdmissionResponse respond(AdmissionRequest request, PolicyEvaluator rules, Decision decision,
      List<String> warnings) {
    Enforcement enforcement = Enforcement.of(rules.policy(), decision);
    List<String> all = new ArrayList<>(warnings);
    all.addAll(enforcement.warnings());
    AdmissionResponse response = enforcement.denial()
        .map(deny -> AdmissionResponse.deny(request.uid(), deny.code().status(), deny.message(), all))
        .orElseGet(() -> AdmissionResponse.allow(request.uid(), all));
    return switch (decision) {
      case Decision.Allow allow -> response;
      case Decision.Deny deny -> response.withFlagged(deny.violations().stream()
          .map(v -> new AdmissionResponse.Flagged(v.rule().id(), rules.policy().actionFor(v).spelling()))
          .distinct().toList());
    };
  }

  /** The object's source record, null for a kind that claims no names; the namespace comes from the request when the object omits it. */
  private static @Nullable SourceObject source(@Nullable ReviewObject read, AdmissionRequest request) {
    if (read == null) {
      throw new IllegalArgumentException("the request carries no object");
    }
    return read.readOrThrow() instanceof ClaimFieldsReader.Read.Source source ? source.in(request.namespace()) : null;
  }
}
