package io.openova.dnsguard.reconciler;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.reconciler.audit.AuditPublisher;
import io.openova.dnsguard.reconciler.audit.ReportTarget;
import io.openova.dnsguard.reconciler.events.EventRecorder;
import io.openova.dnsguard.reconciler.leader.LeaderOnlyProvider;
import io.openova.dnsguard.kube.LeaseLeadership;
import io.openova.dnsguard.reconciler.leader.ReservationCollector;
import io.openova.dnsguard.reconciler.loop.LoopRunner;
import io.openova.dnsguard.reconciler.loop.Preview;
import io.openova.dnsguard.reconciler.loop.ReconcileLoop;
import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.kube.ops.OpsServer;
import io.openova.dnsguard.reconciler.ops.ReconcilerMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The reconciler, started from {@code dnsguard run}'s parsed options, and the one-sync preview
 * {@code dnsguard plan} prints (the commands themselves are in the cli module). Wiring only; each
 * piece is its own class.
 *
 * <p>Serves probes once the informers have begun (within 2 s); not-ready until they have synced
 * and a policy is loaded, and while syncs keep failing. Waiting for the API server is never fatal
 * (the seed's incident). With leader election (the default) only the replica holding the Lease
 * writes; the others keep their caches warm and are ready to take over.
 */
public final class Reconciler {
  private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

  /** The options {@link #run} reads, the provider's included. */
  public static final Set<String> RUN_OPTIONS = Inputs.options(Set.of("--bind", "--http-port", "--interval",
      "--debounce", "--leader-election-namespace", "--leader-election-id", "--leader-election-lease-duration",
      "--leader-election-renew-deadline", "--leader-election-retry-period", "--reports"));
  /** The flags {@link #run} reads, the provider's included. */
  public static final Set<String> RUN_FLAGS = Inputs.flags(Set.of("--no-leader-election", "--dry-run"));
  /** The options {@link #preview} reads, the provider's included (and {@code --output}, the command's own). */
  public static final Set<String> PLAN_OPTIONS = Inputs.options(Set.of("--output"));
  /** The flags {@link #preview} reads: the provider's. */
  public static final Set<String> PLAN_FLAGS = Inputs.flags(Set.of());
  /** The options that may be given more than once. */
  public static final Set<String> REPEATABLE = Set.of("--domain-filter", "--source");
  /**
   * The JVM options {@code run} is started with wherever dnsguard starts it (the launcher, the
   * chart's {@code reconciler.javaOptions}, the sandbox): C1 alone, because its work comes in bursts
   * whose C2 compiles cost more CPU than they save on a few cores (BENCHMARKS.md, "C1 alone for the
   * reconciler").
   */
  public static final List<String> JAVA_OPTIONS = List.of("-XX:TieredStopAtLevel=1");
  /** What {@link #javaOptions} adds on a JDK 25 or later. */
  public static final String COMPACT_HEADERS = "-XX:+UseCompactObjectHeaders";

  /**
   * {@link #JAVA_OPTIONS} for a {@code run} the launcher or the sandbox starts on a full JDK of
   * {@code feature} release, before the user's {@code userOptions}: on JDK 25 or later also compact
   * object headers (JEP 519: 8-byte headers instead of 12, about 6 % off the heap each name costs,
   * BENCHMARKS.md), while C1 stays alone. With C2 they are not safe on every JDK 25 update (a C2
   * miscompile of array copies, JDK-8380060), so options that bring C2 back leave them out. Not
   * in the image: its runtime has room for one class-data archive, the plain one its C2 webhook
   * uses, and compact headers without theirs would cost more memory than they save.
   */
  public static List<String> javaOptions(int feature, String userOptions) {
    if (feature < 25 || userOptions.contains("TieredStopAtLevel")) {
      return JAVA_OPTIONS;
    }
    return Stream.concat(JAVA_OPTIONS.stream(), Stream.of(COMPACT_HEADERS)).toList();
  }

  private static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private Reconciler() {}

  /**
   * The changes one sync would make, computed from the same inputs as {@link #run} and written
   * nowhere. Throws {@link TimeoutException} when the cluster's objects or the policy cannot be read
   * within {@code --cache-sync-timeout}.
   */
  public static Preview preview(Arguments arguments, Map<String, String> env)
      throws PolicyException, InterruptedException, TimeoutException {
    try (Inputs inputs = Inputs.of(arguments, env)) {
      if (!inputs.informers.awaitSynced(inputs.cacheSyncTimeout)) {
        throw new TimeoutException("the cluster's objects could not be listed within " + inputs.cacheSyncTimeout
            + " (--cache-sync-timeout)");
      }
      long deadline = System.nanoTime() + inputs.cacheSyncTimeout.toNanos();
      while (inputs.policy.missing().isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (inputs.policy.missing().isPresent()) {
        throw new TimeoutException("no policy: " + inputs.policy.missing().get());
      }
      return new ReconcileLoop(inputs.policy, inputs.sources(), inputs.target(p -> p), Clock.systemUTC(), inputs.txtCodec)
          .preview();
    }
  }

  /**
   * Reconciles until the process is asked to stop. Bad options throw {@link UsageException} before
   * anything starts. The informers' first lists (the Namespaces' first: {@code
   * SourceInformers#start}) and the first zone read run while the rest starts.
   */
  public static void run(Arguments arguments, Map<String, String> env) throws PolicyException, InterruptedException {
    String bind = arguments.optional("--bind").orElse("0.0.0.0");
    int httpPort = arguments.integer("--http-port", 8080, 0, 65535);
    Duration interval = positive(arguments, "--interval", Duration.ofMinutes(1));
    Duration debounce = positive(arguments, "--debounce", Duration.ofSeconds(1));
    boolean electLeader = !arguments.flag("--no-leader-election");
    LeaseLeadership.Timing timing = timing(arguments);
    ReportTarget reports = arguments.choice("--reports", ReportTarget.class, ReportTarget.AUTO);
    String identity = identity(env);

    Inputs inputs = Inputs.of(arguments, env); // the informers' first lists start here
    AtomicBoolean leading = new AtomicBoolean(!electLeader);
    ReconcileLoop loop = new ReconcileLoop(inputs.policy, inputs.sources(), inputs.target(provider -> {
      var gated = new LeaderOnlyProvider(provider, leading::get);
      return arguments.flag("--dry-run") ? new LoggingDryRun(gated) : gated;
    }), Clock.systemUTC(), inputs.txtCodec);
    loop.readAhead(); // the first zone read runs while the informers list and the probes server starts

    HealthState health = new HealthState();
    ReconcilerMetrics metrics;
    OpsServer ops;
    try {
      metrics = new ReconcilerMetrics();
      ops = OpsServer.start(bind, httpPort, health, metrics::scrape);
    } catch (RuntimeException e) { // e.g. the port is taken: nothing may stay running
      inputs.close();
      throw e;
    }
    RunHealth runHealth = new RunHealth(health, interval.multipliedBy(3).plus(Duration.ofMinutes(1)), Clock.systemUTC());
    LOG.info(() -> "probes and metrics on port " + ops.port() + "; identity " + identity);

    EventRecorder events = new EventRecorder(inputs.client, identity);
    AuditPublisher audit = new AuditPublisher(inputs.client, reports, arguments.optional("--policy-name"),
        inputs.policy, metrics::audited, interval, Clock.systemUTC());
    LoopRunner runner = new LoopRunner(loop, debounce, interval,
        SyncListener.all(List.of(new SyncLog(), metrics, events, audit, runHealth))).start();
    inputs.onChanges(runner::changed, loop::contextChanged);

    LeaseLeadership leadership = null;
    if (electLeader) {
      leadership = new LeaseLeadership(inputs.client, leaseNamespace(arguments, env, inputs),
          arguments.optional("--leader-election-id").orElse("dnsguard-reconciler"), identity, timing)
          .start(isLeader -> {
            leading.set(isLeader);
            metrics.leading(isLeader);
            runner.leading(isLeader);
          });
    } else {
      metrics.leading(true);
      runner.leading(true);
    }

    ReservationCollector reservations = new ReservationCollector(inputs.client, inputs.claims, leading::get,
        Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    @Nullable LeaseLeadership election = leadership;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping: releasing leadership, closing watches");
      health.markNotReady("shutting down");
      leading.set(false);
      reservations.close();
      runner.close();
      if (election != null) {
        election.close();
      }
      events.close();
      audit.close();
      ops.close();
      inputs.close();
      stopped.countDown();
    }, "dnsguard-shutdown"));

    awaitInputs(inputs, runHealth, inputs.cacheSyncTimeout);
    runner.ready(true);
    reservations.start(interval); // after the sync: a claim not yet delivered must not look gone
    stopped.await();
  }

  /** Waits in rounds of {@code timeout}, logging each, until caches and policy are there. Never gives up. */
  private static void awaitInputs(Inputs inputs, RunHealth health, Duration timeout) throws InterruptedException {
    while (true) {
      boolean synced = inputs.informers.awaitSynced(timeout);
      if (synced && inputs.policy.missing().isEmpty()) {
        health.inputs(true, "ready");
        LOG.info("informers synced and policy loaded");
        return;
      }
      String why = !synced
          ? "informer caches not synced after " + timeout + " (slow or unreachable API server); still trying"
          : "no policy: " + inputs.policy.missing().orElse("");
      health.inputs(false, why);
      LOG.warning(why);
      if (synced) {
        Thread.sleep(Math.min(timeout.toMillis(), 2_000));
      }
    }
  }

  private static Duration positive(Arguments arguments, String name, Duration fallback) {
    Duration value = arguments.duration(name, fallback);
    if (value.isZero()) {
      throw new UsageException(name + " must be positive");
    }
    return value;
  }

  private static LeaseLeadership.Timing timing(Arguments arguments) {
    try {
      return new LeaseLeadership.Timing(
          positive(arguments, "--leader-election-lease-duration", LeaseLeadership.Timing.DEFAULT.leaseDuration()),
          positive(arguments, "--leader-election-renew-deadline", LeaseLeadership.Timing.DEFAULT.renewDeadline()),
          positive(arguments, "--leader-election-retry-period", LeaseLeadership.Timing.DEFAULT.retryPeriod()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
  }

  private static String leaseNamespace(Arguments arguments, Map<String, String> env, Inputs inputs) {
    return arguments.optional("--leader-election-namespace")
        .or(() -> java.util.Optional.ofNullable(env.get("POD_NAMESPACE")).filter(s -> !s.isBlank()))
        .or(() -> {
          try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                ? java.util.Optional.of(Files.readString(SERVICE_ACCOUNT_NAMESPACE).strip())
                : java.util.Optional.empty();
          } catch (IOException e) {
            return java.util.Optional.empty();
          }
        })
        .orElseGet(() -> inputs.client.getNamespace() == null ? "default" : inputs.client.getNamespace());
  }

  /** The pod name (unique per replica) plus a random suffix, so a restarted pod is a new candidate. */
  private static String identity(Map<String, String> env) {
    String host = env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "dnsguard"));
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return host + "_" + HexFormat.of().formatHex(random);
  }
}
