package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.ClaimFieldsReader;
import io.openova.dnsguard.policies.claim.EffectiveHostnames;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.GatewayView;
import io.openova.dnsguard.policies.claim.RouteSpec;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.webhook.GuardedDnsView.DnsUnavailableException;
import io.openova.dnsguard.webhook.review.AdmissionRequest;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import io.openova.dnsguard.webhook.review.ReviewObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Gateways and ListenerSets as guarded kinds. Their listener hostnames claim nothing themselves (a
 * platform Gateway may list {@code *.example.com}); but a create or update changes the effective
 * hostnames of the routes attached to it, so each such route (from the informer cache) is checked for
 * the names it would gain, as if it had been updated to add them. Refused when one would gain a name
 * owned elsewhere, naming the route and the owner. Other kinds go to {@code others}.
 */
public final class GatewayGuard implements Reviewer {
  private static final String GROUP = "gateway.networking.k8s.io";

  private final Supplier<PolicyEvaluator> evaluator;
  private final ClusterView cluster;
  private final DnsView dns;
  private final DnsFailurePolicy dnsFailurePolicy;
  private final GatewayView gateways;
  private final Supplier<List<HasMetadata>> routes;
  private final Reviewer others;

  /**
   * @param gateways the cached Gateways, ListenerSets and Namespaces (the informers')
   * @param routes the cached routes of every kind
   * @param others reviews every other kind (the {@link PolicyReviewer})
   */
  public GatewayGuard(Supplier<PolicyEvaluator> evaluator, ClusterView cluster, DnsView dns,
      DnsFailurePolicy dnsFailurePolicy, GatewayView gateways, Supplier<List<HasMetadata>> routes, Reviewer others) {
    this.evaluator = evaluator;
    this.cluster = cluster;
    this.dns = new GuardedDnsView(dns);
    this.dnsFailurePolicy = dnsFailurePolicy;
    this.gateways = gateways;
    this.routes = routes;
    this.others = others;
  }

  /** True for the kinds this guard reviews. */
  static boolean guards(AdmissionRequest.GroupVersionKind kind) {
    return GROUP.equals(kind.group()) && (kind.kind().equals("Gateway") || kind.kind().equals("ListenerSet"));
  }

  @Override
  public AdmissionResponse review(AdmissionRequest request) {
    if (!guards(request.kind())) {
      return others.review(request);
    }
    if (request.operation() != AdmissionRequest.Operation.CREATE && request.operation() != AdmissionRequest.Operation.UPDATE) {
      return AdmissionResponse.allow(request.uid(), List.of()); // a delete only takes names away
    }
    HasMetadata changed;
    @Nullable HasMetadata old;
    try {
      changed = object(request.object(), request);
      old = request.oldObject() == null ? null : object(request.oldObject(), request);
    } catch (IllegalArgumentException unreadable) {
      return AdmissionResponse.deny(request.uid(), 422,
          request.describe() + " cannot be read: " + unreadable.getMessage(), List.of());
    }
    PolicyEvaluator current = evaluator.get();
    try {
      return respond(request, changed, old, current, dns, List.of());
    } catch (DnsUnavailableException e) {
      return switch (dnsFailurePolicy) {
        case FAIL -> AdmissionResponse.deny(request.uid(), 503,
            e.getMessage() + "; denied because the webhook's DNS failure policy is Fail", List.of())
            .withFallback("dns", "refused");
        case IGNORE -> respond(request, changed, old, current, DnsView.EMPTY,
            List.of(e.getMessage() + "; decided on cluster claims alone (DNS failure policy Ignore)"))
            .withFallback("dns", "ignored");
      };
    }
  }

  private AdmissionResponse respond(AdmissionRequest request, HasMetadata changed, @Nullable HasMetadata old,
      PolicyEvaluator current, DnsView dnsView, List<String> warnings) {
    GatewayView before = old == null ? gateways : gateways.with(old);
    GatewayView after = gateways.with(changed);
    List<Decision.Deny> denials = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (HasMetadata route : routes.get()) {
      Optional<SourceObject> source = SourceObject.of(route);
      Optional<RouteSpec> spec = source.flatMap(RouteSpec::of);
      if (source.isEmpty() || spec.isEmpty() || !(EffectiveHostnames.refersTo(spec.get(), changed, after)
          || (old != null && EffectiveHostnames.refersTo(spec.get(), old, before)))) {
        continue;
      }
      Extraction gained = ClaimExtractor.extract(source.get(), Attachment.spec(after));
      Set<Hostname> held = ClaimExtractor.extract(source.get(), Attachment.spec(before)).claims().stream()
          .map(Claim::hostname).collect(Collectors.toSet());
      // The route's own input problems were there before this change: not this object's fault.
      Decision decision = current.evaluate(gained, held, Set.copyOf(gained.problems()), false, cluster, dnsView);
      if (decision instanceof Decision.Deny deny) {
        denials.add(deny);
        messages.add(gained.object().display() + " would get " + deny.message());
      }
    }
    if (denials.isEmpty()) {
      return AdmissionResponse.allow(request.uid(), warnings);
    }
    String what = request.kind().kind() + " " + changed.getMetadata().getNamespace() + "/" + changed.getMetadata().getName();
    return AdmissionResponse.deny(request.uid(), denials.getFirst().code().status(),
        what + " would give routes attached to it names owned elsewhere: " + String.join("; ", messages), warnings);
  }

  private static HasMetadata object(@Nullable ReviewObject read, AdmissionRequest request) {
    if (read == null) {
      throw new IllegalArgumentException("the request carries no object");
    }
    if (!(read.readOrThrow() instanceof ClaimFieldsReader.Read.Parent parent)) {
      throw new IllegalArgumentException("the object is not a Gateway or ListenerSet");
    }
    HasMetadata object = parent.model();
    if (object.getMetadata() == null || object.getMetadata().getName() == null) {
      throw new IllegalArgumentException("metadata.name is missing");
    }
    if (object.getMetadata().getNamespace() == null || object.getMetadata().getNamespace().isEmpty()) {
      object.getMetadata().setNamespace(request.namespace() == null || request.namespace().isEmpty()
          ? "default" : request.namespace());
    }
    return object;
  }
}
