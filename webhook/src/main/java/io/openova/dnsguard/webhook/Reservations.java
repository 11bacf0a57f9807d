package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.policies.ownership.HostnameReservation;
import java.net.HttpURLConnection;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@link HostnameReservation}s through the API server: the create is the atomic step between
 * webhook replicas (and survives their restarts). An existing reservation of the same namespace
 * lets the claim through (a namespace may share its names); one of another namespace refuses it
 * while it is pending, or while its claimant still claims the name; otherwise it is taken over
 * with an update guarded by its resourceVersion, so two takers cannot both win.
 */
final class Reservations {
  static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup(HostnameReservation.GROUP).withVersion(HostnameReservation.VERSION)
      .withKind(HostnameReservation.KIND).withPlural(HostnameReservation.PLURAL).withNamespaced(false).build();

  private final KubernetesClient client;

  Reservations(KubernetesClient client) {
    this.client = client;
  }

  /** The outcome of one attempt to reserve a name. */
  sealed interface Outcome {
    /** Reserved for the claimant; {@code created} when this call made the object (undo deletes it). */
    record Reserved(boolean created) implements Outcome {}

    /** Another namespace holds it. */
    record HeldBy(HostnameReservation holder, boolean pending) implements Outcome {}
  }

  /**
   * Reserves {@code reservation.hostname()} for its claimant. {@code live} is what the informers
   * have delivered: an expired reservation still counts while its claimant claims the name there.
   *
   * @throws KubernetesClientException when the API server cannot be asked
   */
  Outcome reserve(HostnameReservation reservation, ClusterView live, Instant now) {
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        api().resource(reservation.toResource()).create();
        return new Outcome.Reserved(true);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
      @Nullable GenericKubernetesResource existing = named(reservation.objectName()).get();
      if (existing == null) {
        continue; // removed between our create and get: try again
      }
      HostnameReservation holder;
      try {
        holder = HostnameReservation.from(existing);
      } catch (IllegalArgumentException unreadable) {
        holder = null; // not readable as a reservation: taken over below like an expired one
      }
      if (holder != null) {
        if (holder.claimant().namespace().equals(reservation.claimant().namespace())) {
          return new Outcome.Reserved(false);
        }
        if (holder.pendingAt(now) || stillClaims(holder, live)) {
          return new Outcome.HeldBy(holder, holder.pendingAt(now));
        }
      }
      GenericKubernetesResource takeover = reservation.toResource();
      takeover.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      try {
        api().resource(takeover).update();
        return new Outcome.Reserved(true);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        // someone else changed or removed it meanwhile: look again
      }
    }
    throw new KubernetesClientException("HostnameReservation " + reservation.objectName() + " for \""
        + reservation.hostname() + "\" kept changing under three attempts");
  }

  /** Undoes a reservation this admission made, if it is still ours. */
  void release(HostnameReservation reservation) {
    @Nullable GenericKubernetesResource existing = named(reservation.objectName()).get();
    if (existing == null) {
      return;
    }
    try {
      HostnameReservation current = HostnameReservation.from(existing);
      if (current.claimant().sameObject(reservation.claimant())) {
        named(reservation.objectName()).lockResourceVersion(existing.getMetadata().getResourceVersion()).delete();
      }
    } catch (IllegalArgumentException | KubernetesClientException unreadableOrChanged) {
      // not ours any more, or already changed: leave it
    }
  }

  private static boolean stillClaims(HostnameReservation holder, ClusterView live) {
    Hostname name = holder.hostname();
    ObjectRef claimant = holder.claimant();
    return live.claimsOn(name).stream().anyMatch(claimant::sameObject);
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> api() {
    return client.genericKubernetesResources(CONTEXT);
  }

  private Resource<GenericKubernetesResource> named(String name) {
    return api().withName(name);
  }
}
