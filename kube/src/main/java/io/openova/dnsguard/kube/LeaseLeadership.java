package io.openova.dnsguard.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease with fabric8's LeaderElector. The
 * leader renews the lease every {@code retryPeriod}; when it cannot renew within {@code
 * renewDeadline} it stops leading at once (the listener hears {@code false} before anything else
 * happens) and runs for election again. A replica that dies without releasing is replaced once the
 * lease expires ({@code leaseDuration}); one that stops cleanly releases the lease so a follower
 * takes over within a retry period.
 */
public final class LeaseLeadership implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LeaseLeadership.class.getName());

  /**
   * Lease timing, as client-go's defaults.
   *
   * @param leaseDuration how long a lease not renewed keeps others out
   * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
   * @param retryPeriod how often candidates try to acquire, and the leader renews
   */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    public Timing {
      if (!(leaseDuration.compareTo(renewDeadline) > 0 && renewDeadline.compareTo(retryPeriod) > 0 && retryPeriod.isPositive())) {
        throw new IllegalArgumentException("need lease duration > renew deadline > retry period > 0, got "
            + leaseDuration + ", " + renewDeadline + ", " + retryPeriod);
      }
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Timing timing;
  private final AtomicBoolean leading = new AtomicBoolean();
  private volatile boolean closed;
  private volatile @Nullable CompletableFuture<?> election;
  private volatile @Nullable String leader;
  private @Nullable Consumer<Boolean> listener;

  public LeaseLeadership(KubernetesClient client, String namespace, String name, String identity, Timing timing) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
    this.timing = timing;
  }

  /** Runs for election until closed; {@code listener} hears every change of leadership. */
  public LeaseLeadership start(Consumer<Boolean> listener) {
    this.listener = listener;
    campaign();
    return this;
  }

  public boolean leading() {
    return leading.get();
  }

  public String identity() {
    return identity;
  }

  /** The holder of the Lease as last observed (this replica's identity while it leads); empty before any. */
  public java.util.Optional<String> leader() {
    return java.util.Optional.ofNullable(leader);
  }

  private void campaign() {
    if (closed) {
      return;
    }
    LeaderElectionConfig config = new LeaderElectionConfig(new LeaseLock(namespace, name, identity),
        timing.leaseDuration(), timing.renewDeadline(), timing.retryPeriod(),
        new LeaderCallbacks(() -> changed(true), () -> changed(false), this::newLeader), true, name);
    CompletableFuture<?> running = client.leaderElector().withConfig(config).build().start();
    election = running;
    // The elector ends when leadership is lost (or on an error): stand again unless closing.
    running.whenComplete((ignored, error) -> {
      changed(false);
      if (!closed) {
        if (error != null) {
          LOG.warning(() -> "leader election on Lease " + namespace + "/" + name + " ended: " + error + "; standing again");
        }
        CompletableFuture.delayedExecutor(timing.retryPeriod().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
            .execute(this::campaign);
      }
    });
  }

  private void changed(boolean nowLeading) {
    if (leading.getAndSet(nowLeading) != nowLeading) {
      LOG.info(() -> (nowLeading ? "leading: " : "no longer leading: ") + identity + " on Lease " + namespace + "/" + name);
      Consumer<Boolean> l = listener;
      if (l != null) {
        l.accept(nowLeading);
      }
    }
  }

  private void newLeader(String leader) {
    this.leader = leader;
    LOG.info(() -> "the leader of Lease " + namespace + "/" + name + " is " + leader);
  }

  /** Stops running for election and releases the lease if held. */
  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> running = election;
    if (running != null) {
      running.cancel(true);
    }
    changed(false);
  }
}
