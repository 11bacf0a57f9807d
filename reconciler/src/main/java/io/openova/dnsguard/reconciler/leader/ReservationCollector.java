package io.openova.dnsguard.reconciler.leader;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.policies.ownership.HostnameReservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The leader's cleanup of the webhook's {@link HostnameReservation}s: a reservation whose expiry has
 * passed and whose claimant no longer claims the name (deleted, renamed, or never created because a
 * later step of the admission chain refused it) is removed. Deletes are guarded by resourceVersion,
 * so a reservation the webhook took over meanwhile stays. The webhook never relies on this: it
 * takes over such reservations itself; this keeps their number equal to the names in use.
 */
public final class ReservationCollector implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ReservationCollector.class.getName());
  private static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup(HostnameReservation.GROUP).withVersion(HostnameReservation.VERSION)
      .withKind(HostnameReservation.KIND).withPlural(HostnameReservation.PLURAL).withNamespaced(false).build();

  private final KubernetesClient client;
  private final ClusterView claims;
  private final BooleanSupplier leading;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("dnsguard-reservation-gc").factory());

  /** @param claims the claims the informers have delivered (synced before {@link #start}) */
  public ReservationCollector(KubernetesClient client, ClusterView claims, BooleanSupplier leading, Clock clock) {
    this.client = client;
    this.claims = claims;
    this.leading = leading;
    this.clock = clock;
  }

  /** Collects every {@code interval} while leading. */
  public ReservationCollector start(Duration interval) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        collect();
      } catch (KubernetesClientException | IllegalStateException e) {
        LOG.warning(() -> "cannot collect HostnameReservations (" + e.getMessage() + "); trying again in " + interval);
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One pass; returns how many reservations were removed. */
  public int collect() {
    if (!leading.getAsBoolean()) {
      return 0;
    }
    Instant now = clock.instant();
    int removed = 0;
    for (GenericKubernetesResource item : client.genericKubernetesResources(CONTEXT).list().getItems()) {
      if (stale(item, now)) {
        try {
          client.genericKubernetesResources(CONTEXT).withName(item.getMetadata().getName())
              .lockResourceVersion(item.getMetadata().getResourceVersion()).delete();
          removed++;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404 && e.getCode() != 409) {
            throw e;
          }
          // taken over or removed meanwhile: not ours to remove any more
        }
      }
    }
    return removed;
  }

  private boolean stale(GenericKubernetesResource item, Instant now) {
    HostnameReservation reservation;
    try {
      reservation = HostnameReservation.from(item);
    } catch (IllegalArgumentException unreadable) {
      LOG.warning(() -> "removing an unreadable reservation: " + unreadable.getMessage());
      return true;
    }
    return !reservation.pendingAt(now)
        && claims.claimsOn(reservation.hostname()).stream().noneMatch(reservation.claimant()::sameObject);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
