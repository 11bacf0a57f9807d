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
import io.openova.dnsguard.reconciler.loop.ReconcileLoop;
import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.kube.ops.OpsServer;
import io.openova.dnsguard.reconciler.ops.ReconcilerMetrics;
import io.openova.dnsguard.provider.ProviderOptions;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * {@code dnsguard run}: the reconciler. Wiring only; each piece is its own class.
 *
 * <p>Starts serving probes at once; not-ready until the informers have synced and a policy is
 * loaded, and while syncs keep failing. Waiting for the API server is never fatal (the seed's
 * incident). With leader election (the default) only the replica holding the Lease writes; the
 * others keep their caches warm and are ready to take over.
 */
public final class RunCommand {
  private static final Logger LOG = Logger.getLogger(RunCommand.class.getName());

  static final String USAGE = """
      usage: dnsguard run (--policy-file FILE | --policy-name DNSPOLICY) --provider powerdns ...
                          [--bind 0.0.0.0] [--http-port 8080]
                          [--sync-mode sync|upsert-only|create-only] [--domain-filter DOMAIN]...
                          [--interval 1m] [--debounce 1s] [--dry-run]
                          [--leader-election-namespace NS] [--leader-election-id dnsguard-reconciler]
                          [--leader-election-lease-duration 15s] [--leader-election-renew-deadline 10s]
                          [--leader-election-retry-period 2s] [--no-leader-election]
                          [--cache-sync-timeout 10m] [--kube-request-timeout 2m]
                          [--txt-encrypt-aes-key-file FILE] (or DNSGUARD_TXT_ENCRYPT_AES_KEY)
                          [--reports auto|openreports|wgpolicyk8s|none]
      Every option may also come from the environment as DNSGUARD_<OPTION> (e.g. DNSGUARD_POLICY_NAME,
      DNSGUARD_DOMAIN_FILTER=a.example,b.example, DNSGUARD_NO_LEADER_ELECTION=true).""";

  private static final Set<String> OPTIONS = Set.of("--bind", "--http-port", "--interval", "--debounce",
      "--leader-election-namespace", "--leader-election-id", "--leader-election-lease-duration",
      "--leader-election-renew-deadline", "--leader-election-retry-period", "--reports");
  private static final Set<String> FLAGS = Inputs.flags(Set.of("--no-leader-election", "--dry-run"));
  private static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private RunCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    try {
      Arguments arguments = Arguments.parse(args, Inputs.options(OPTIONS), Set.of("--domain-filter"), FLAGS)
          .withEnvironment(System.getenv());
      if (!arguments.positional().isEmpty()) {
        throw new UsageException("unexpected argument " + arguments.positional().getFirst());
      }
      return serve(arguments, System.getenv());
    } catch (UsageException e) {
      err.println("dnsguard run: " + e.getMessage());
      err.println(USAGE);
      err.println(ProviderOptions.USAGE);
      return 2;
    } catch (PolicyException e) {
      err.println("dnsguard run: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static int serve(Arguments arguments, Map<String, String> env) throws PolicyException, InterruptedException {
    String bind = arguments.optional("--bind").orElse("0.0.0.0");
    int httpPort = arguments.integer("--http-port", 8080, 0, 65535);
    Duration interval = positive(arguments, "--interval", Duration.ofMinutes(1));
    Duration debounce = positive(arguments, "--debounce", Duration.ofSeconds(1));
    boolean electLeader = !arguments.flag("--no-leader-election");
    LeaseLeadership.Timing timing = timing(arguments);
    Inputs inputs = Inputs.of(arguments, env);
    String identity = identity(env);

    HealthState health = new HealthState();
    ReconcilerMetrics metrics = new ReconcilerMetrics();
    RunHealth runHealth = new RunHealth(health, interval.multipliedBy(3).plus(Duration.ofMinutes(1)), Clock.systemUTC());
    OpsServer ops = OpsServer.start(bind, httpPort, health, metrics::scrape);
    LOG.info(() -> "probes and metrics on port " + ops.port() + "; identity " + identity);

    AtomicBoolean leading = new AtomicBoolean(!electLeader);
    EventRecorder events = new EventRecorder(inputs.client, identity);
    AuditPublisher audit = new AuditPublisher(inputs.client,
        arguments.choice("--reports", ReportTarget.class, ReportTarget.AUTO), arguments.optional("--policy-name"),
        inputs.policy, metrics::audited, interval, Clock.systemUTC());
    ReconcileLoop loop = new ReconcileLoop(inputs.policy, inputs.sources(), inputs.target(provider -> {
      var gated = new LeaderOnlyProvider(provider, leading::get);
      return arguments.flag("--dry-run") ? new LoggingDryRun(gated) : gated;
    }), Clock.systemUTC(), inputs.txtCodec);
    LoopRunner runner = new LoopRunner(loop, debounce, interval,
        SyncListener.all(List.of(new SyncLog(), metrics, events, audit, runHealth))).start();
    loop.readAhead(); // the first zone read runs while the informers fill their caches
    inputs.watch(runner::changed, loop::contextChanged);

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
    return 0;
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
