package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.certs.kube.CaBundleInjector;
import io.openova.dnsguard.certs.kube.SecretCertificateStore;
import io.openova.dnsguard.certs.kube.SecretRef;
import io.openova.dnsguard.certs.pem.PemException;
import io.openova.dnsguard.certs.tls.CertificateSource;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.GatewayView;
import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.commandline.TxtKeyOption;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.support.BackOff;
import io.openova.dnsguard.provider.support.Timeouts;
import io.openova.dnsguard.kube.ClaimIndexFeeder;
import io.openova.dnsguard.kube.PolicySource;
import io.openova.dnsguard.kube.KubeClients;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.kube.LeaseLeadership;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The admission webhook, started from {@code dnsguard serve}'s parsed options (the command itself,
 * its usage and exit codes, is in the cli module). Wiring only; each piece is its own class.
 *
 * <p>Starts serving at once and reports not-ready until the informers have synced and a policy is
 * loaded; waiting for the API server is never fatal (the seed's incident).
 */
public final class WebhookService {
  private static final Logger LOG = Logger.getLogger(WebhookService.class.getName());

  /** The options {@link #run} reads, the provider's included. */
  public static final Set<String> OPTIONS = Stream.concat(Stream.of("--bind", "--tls-port", "--http-port",
      "--policy-file", "--policy-name", "--certs", "--tls-secret", "--service", "--namespace", "--webhook-config",
      "--cert-dir", "--cert-check-interval", "--cache-sync-timeout", "--dns-failure-policy", "--dns", "--ip",
      "--reservation-expiry", "--claims-mode", "--advertise-address", "--leader-election-namespace",
      "--leader-election-id", "--leader-timeout", "--leader-failure-policy", TxtKeyOption.FILE_OPTION),
      ProviderOptions.OPTIONS.stream()).collect(Collectors.toUnmodifiableSet());
  /** The options that may be given more than once. */
  public static final Set<String> REPEATABLE = Set.of("--dns", "--ip");
  /** The options without a value. */
  public static final Set<String> FLAGS = ProviderOptions.FLAGS;

  enum CertificateMode { SELF_MANAGED, FILES }

  /** How long a reservation's API call may take; the API server gives a review at most 30 s. */
  private static final Duration RESERVATION_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Where a claim that adds a name is made exclusive. {@code reservations}: a HostnameReservation
   * through the API server per exclusive new name (across replicas and restarts). {@code leader}:
   * one elected replica decides, the others forward to it (across replicas, no API write).
   * {@code local}: pending claims within each replica only.
   */
  enum ClaimsMode { RESERVATIONS, LEADER, LOCAL }

  private WebhookService() {}

  /**
   * Serves until the process is asked to stop. Bad options throw {@link UsageException} (or
   * {@link IllegalArgumentException}, {@link PemException}) before anything starts.
   */
  public static void run(Arguments arguments) throws PolicyException, InterruptedException {
    String bind = arguments.optional("--bind").orElse("0.0.0.0");
    int tlsPort = arguments.integer("--tls-port", 8443, 0, 65535);
    int httpPort = arguments.integer("--http-port", 8080, 0, 65535);
    Duration syncTimeout = arguments.duration("--cache-sync-timeout", Duration.ofMinutes(10));
    Duration certCheck = arguments.duration("--cert-check-interval", Duration.ofMinutes(1));
    DnsFailurePolicy dnsFailure = arguments.choice("--dns-failure-policy", DnsFailurePolicy.class, DnsFailurePolicy.FAIL);
    Optional<DnsProvider> provider = ProviderOptions.from(arguments, System.getenv());
    TxtRecordCodec txtCodec = TxtKeyOption.codec(arguments, System.getenv());
    ClaimsMode claimsMode = arguments.choice("--claims-mode", ClaimsMode.class, ClaimsMode.RESERVATIONS);
    // Checked before anything starts: followers must know where to reach this replica.
    String advertised = claimsMode == ClaimsMode.LEADER ? advertiseAddress(arguments, bind) : "";
    Duration reservationExpiry = arguments.duration("--reservation-expiry", Duration.ofSeconds(30));
    if (arguments.optional("--policy-file").isPresent() == arguments.optional("--policy-name").isPresent()) {
      throw new UsageException("give exactly one of --policy-file and --policy-name");
    }

    // Routes bound compactly: every replica's informers take in every route created in the cluster.
    KubernetesClient client = KubeClients.create(KubeClients.REQUEST, CompactRoutes.serialization());
    PolicySource policy = arguments.optional("--policy-file").isPresent()
        ? PolicySource.file(Path.of(arguments.required("--policy-file")))
        : PolicySource.cluster(client, arguments.required("--policy-name"));
    CertificateSource certificates = certificates(arguments, client);
    ClaimIndex index = new ClaimIndex();
    HealthState health = new HealthState();
    WebhookMetrics metrics = new WebhookMetrics();
    metrics.registry().gauge("dnsguard_webhook_indexed_claims", index, ClaimIndex::size);

    DnsView dnsView = DnsView.EMPTY;
    if (provider.isPresent()) {
      ProviderDnsView providerView = new ProviderDnsView(provider.get(), policy, txtCodec, Clock.systemUTC());
      metrics.dnsCache(providerView);
      dnsView = providerView;
    }
    SourceInformers informers = new SourceInformers(client);
    informers.start(ClaimIndexFeeder.of(index, informers, Attachment.Mode.SPEC), Duration.ZERO);
    GatewayView gateways = new ReadThroughGateways(informers.gatewayView(), client);
    // Reservations get their own client: they are written inside a review, so they must not queue
    // behind the informers' watches, and must give up well before the API server's webhook timeout.
    KubernetesClient reservationClient = claimsMode == ClaimsMode.RESERVATIONS ? KubeClients.create(RESERVATION_TIMEOUT) : null;
    ClaimLeader leader = claimsMode == ClaimsMode.LEADER ? claimLeader(arguments, certificates, metrics) : null;
    ClaimGate gate = switch (claimsMode) {
      case LOCAL -> ClaimGate.withinReplica(index, reservationExpiry, Clock.systemUTC());
      case RESERVATIONS -> ClaimGate.acrossReplicas(index, Objects.requireNonNull(reservationClient), reservationExpiry,
          Clock.systemUTC());
      case LEADER -> ClaimGate.atLeader(index, Objects.requireNonNull(leader), reservationExpiry, Clock.systemUTC());
    };
    PolicyReviewer claims = new PolicyReviewer(policy, index.live(), dnsView, dnsFailure, Attachment.spec(gateways), gate);
    Reviewer reviewer = new GatewayGuard(policy, index, dnsView, dnsFailure, gateways, informers::routes, claims);
    WebhookServer server = WebhookServer.start(bind, tlsPort, httpPort, certificates, reviewer,
        routing -> {
          if (leader != null) {
            AdmissionRoutes.claims(routing, leader, claims::decideForwarded, metrics);
          }
        }, health, metrics);
    certificates.start(certCheck);
    if (leader != null) {
      leader.start(new LeaseLeadership(client, leaseNamespace(arguments, client),
          arguments.optional("--leader-election-id").orElse("dnsguard-webhook-claims"),
          ClaimLeader.identity(replicaName(), advertised, server.tlsPort()), LeaseLeadership.Timing.DEFAULT));
    }
    LOG.info(() -> "serving admission reviews on " + bind + ":" + server.tlsPort()
        + ", probes and metrics on port " + server.httpPort());

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping: draining reviews in flight");
      health.markNotReady("shutting down");
      if (leader != null) {
        leader.close(); // releases the Lease: a follower takes over while this one drains
      }
      server.close();
      certificates.close();
      informers.close();
      policy.close();
      if (reservationClient != null) {
        reservationClient.close();
      }
      client.close();
      stopped.countDown();
    }, "dnsguard-shutdown"));

    awaitReady(informers, policy, health, syncTimeout, leader == null ? () -> true : leader::leaderKnown);
    stopped.await();
  }

  /** Waits in rounds of {@code timeout}, logging each round, until the caches and the policy are there. */
  private static void awaitReady(SourceInformers informers, PolicySource policy, HealthState health,
      Duration timeout, BooleanSupplier leaderKnown) throws InterruptedException {
    while (true) {
      boolean synced = informers.awaitSynced(timeout);
      if (synced && policy.missing().isEmpty() && !leaderKnown.getAsBoolean()) {
        health.markNotReady("no claims leader elected yet");
        Thread.sleep(200);
        continue;
      }
      if (synced && policy.missing().isEmpty()) {
        health.markReady();
        LOG.info("ready: informers synced and policy loaded");
        return;
      }
      String why = !synced
          ? "informer caches not synced after " + timeout + " (slow or unreachable API server); still trying"
          : "no policy: " + policy.missing().orElse("");
      health.markNotReady(why);
      LOG.warning(why);
      if (synced) {
        Thread.sleep(Math.min(timeout.toMillis(), 5_000));
      }
    }
  }

  private static ClaimLeader claimLeader(Arguments arguments, CertificateSource certificates, WebhookMetrics metrics) {
    return new ClaimLeader(arguments.duration("--leader-timeout", Duration.ofSeconds(3)),
        arguments.choice("--leader-failure-policy", ClaimLeader.FailurePolicy.class, ClaimLeader.FailurePolicy.FAIL),
        certificates, metrics);
  }

  /** Where followers reach this replica: {@code --advertise-address}, else POD_IP, else a specific bind address. */
  private static String advertiseAddress(Arguments arguments, String bind) {
    return arguments.optional("--advertise-address")
        .or(() -> Optional.ofNullable(System.getenv("POD_IP")).filter(ip -> !ip.isBlank()))
        .or(() -> Optional.of(bind).filter(b -> !b.equals("0.0.0.0") && !b.equals("::")))
        .orElseThrow(() -> new UsageException("--claims-mode leader needs --advertise-address (or POD_IP) when "
            + "binding every address: followers must know where to reach this replica"));
  }

  private static String leaseNamespace(Arguments arguments, KubernetesClient client) {
    return arguments.optional("--leader-election-namespace")
        .or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(ns -> !ns.isBlank()))
        .or(() -> arguments.optional("--namespace"))
        .orElseGet(() -> client.getNamespace() == null ? "default" : client.getNamespace());
  }

  /** The pod name plus a random suffix, so a restarted pod is a new candidate. */
  private static String replicaName() {
    String host = Optional.ofNullable(System.getenv("POD_NAME")).or(() -> Optional.ofNullable(System.getenv("HOSTNAME")))
        .orElse("dnsguard-webhook");
    byte[] random = new byte[3];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(random);
    return host + "_" + java.util.HexFormat.of().formatHex(random);
  }

  /**
   * Retries {@code attempt} with back-off (1 s doubling to 30 s) until it works: without its
   * certificate the webhook cannot serve, but a slow API server is a reason to wait, not to crash.
   */
  private static <T> T untilAvailable(String what, Supplier<T> attempt) {
    BackOff backOff = new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    for (int failures = 1; ; failures++) {
      try {
        return attempt.get();
      } catch (KubernetesClientException e) {
        Duration wait = backOff.ceiling(failures);
        LOG.warning(() -> "cannot get " + what + " yet (" + e.getMessage() + "); retrying in " + wait.toSeconds() + " s");
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + what, interrupted);
        }
      }
    }
  }

  private static CertificateSource certificates(Arguments arguments, KubernetesClient client) {
    return switch (arguments.choice("--certs", CertificateMode.class, CertificateMode.SELF_MANAGED)) {
      case FILES -> CertificateSource.files(Path.of(arguments.required("--cert-dir")));
      case SELF_MANAGED -> {
        String secret = arguments.required("--tls-secret");
        int slash = secret.indexOf('/');
        if (slash <= 0 || slash == secret.length() - 1) {
          throw new UsageException("--tls-secret must be NAMESPACE/NAME, got \"" + secret + "\"");
        }
        ServingIdentity identity = ServingIdentity.of(arguments.required("--service"), arguments.required("--namespace"))
            .withDnsNames(arguments.all("--dns"))
            .withIpAddresses(arguments.all("--ip"));
        SecretCertificateStore store = new SecretCertificateStore(client,
            new SecretRef(secret.substring(0, slash), secret.substring(slash + 1)), identity,
            CertificateIssuer.create(Clock.systemUTC()));
        String webhookConfig = arguments.optional("--webhook-config").orElse(null);
        CaBundleInjector injector = webhookConfig == null ? null : new CaBundleInjector(client);
        yield untilAvailable("the serving certificate in Secret " + secret,
            () -> CertificateSource.selfManaged(store, injector, webhookConfig));
      }
    };
  }
}
