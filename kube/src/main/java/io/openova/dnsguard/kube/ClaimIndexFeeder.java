package io.openova.dnsguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.claim.EffectiveHostnames;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.RouteSpec;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Keeps the cluster claim index equal to what the informers see. A route's claims are its effective
 * hostnames under the {@link Attachment}, so a change of a Gateway, a ListenerSet or a Namespace's
 * labels re-reads the routes (it may give them names or take names away).
 */
public final class ClaimIndexFeeder implements SourceListener {
  private final ClaimIndex index;
  private final Attachment attachment;
  private final Supplier<List<HasMetadata>> routes;

  /** Routes' names as written (no Gateway known). */
  public ClaimIndexFeeder(ClaimIndex index) {
    this(index, Attachment.AS_WRITTEN, List::of);
  }

  /**
   * @param attachment how routes attach (the webhook: {@link Attachment#spec}; the reconciler:
   *     {@link Attachment#accepted}), over the informers' {@link SourceInformers#gatewayView()}
   * @param routes the cached routes, re-read when what decides their names changes
   */
  public ClaimIndexFeeder(ClaimIndex index, Attachment attachment, Supplier<List<HasMetadata>> routes) {
    this.index = index;
    this.attachment = attachment;
    this.routes = routes;
  }

  /** The feeder of {@code informers}' claims under {@code mode}. */
  public static ClaimIndexFeeder of(ClaimIndex index, SourceInformers informers, Attachment.Mode mode) {
    return new ClaimIndexFeeder(index, new Attachment(mode, informers.gatewayView()), informers::routes);
  }

  @Override
  public void upserted(HasMetadata object) {
    if (decidesRouteNames(object)) {
      refreshRoutesOf(object);
      return;
    }
    // An object that lost all its names is put with none: that removes its old claims.
    extraction(object).ifPresent(index::put);
  }

  @Override
  public void deleted(HasMetadata object) {
    if (decidesRouteNames(object)) {
      refreshRoutesOf(object);
      return;
    }
    extraction(object).ifPresent(e -> index.remove(e.object()));
  }

  @Override
  public void namespaceUpserted(Namespace namespace) {
    Map<String, String> labels = namespace.getMetadata().getLabels();
    Map<String, String> before = index.namespaceLabels(namespace.getMetadata().getName());
    index.putNamespace(namespace.getMetadata().getName(), labels == null ? Map.of() : labels);
    if (!before.equals(labels == null ? Map.of() : labels)) {
      refresh(route -> route.getMetadata().getNamespace().equals(namespace.getMetadata().getName()));
    }
  }

  @Override
  public void namespaceDeleted(Namespace namespace) {
    index.removeNamespace(namespace.getMetadata().getName());
  }

  private boolean decidesRouteNames(HasMetadata object) {
    return attachment.mode() != Attachment.Mode.AS_WRITTEN && (object instanceof Gateway || object instanceof ListenerSet);
  }

  /** The routes attached to a changed Gateway or ListenerSet (directly or through a ListenerSet). */
  private void refreshRoutesOf(HasMetadata parent) {
    refresh(route -> RouteSpec.of(route)
        .map(spec -> EffectiveHostnames.refersTo(spec, parent, attachment.gateways())).orElse(false));
  }

  /** Routes whose attachment may have changed (allowedRoutes selectors read namespace labels too). */
  private void refresh(Predicate<HasMetadata> affected) {
    if (attachment.mode() == Attachment.Mode.AS_WRITTEN) {
      return;
    }
    for (HasMetadata route : routes.get()) {
      if (route.getMetadata() != null && route.getMetadata().getNamespace() != null && affected.test(route)) {
        extraction(route).ifPresent(index::put);
      }
    }
  }

  private Optional<Extraction> extraction(HasMetadata object) {
    try {
      return SourceObject.of(object).map(source -> ClaimExtractor.extract(source, attachment));
    } catch (IllegalArgumentException unreadable) {
      return Optional.empty(); // an object the API server stored but we cannot read claims nothing
    }
  }
}
