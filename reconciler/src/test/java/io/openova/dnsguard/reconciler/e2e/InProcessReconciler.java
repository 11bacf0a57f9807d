package io.openova.dnsguard.reconciler.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.reconciler.loop.DnsTarget;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.reconciler.loop.LoopRunner;
import io.openova.dnsguard.reconciler.loop.ReconcileLoop;
import io.openova.dnsguard.reconciler.loop.Sources;
import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.reconciler.source.EndpointSource;
import io.openova.dnsguard.kube.ClaimIndexFeeder;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.kube.SourceListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reconciler's pieces wired as {@code dnsguard run} wires them (informers → claim index and
 * trigger, loop, runner), in the test's JVM, without leader election.
 */
final class InProcessReconciler implements AutoCloseable {
  final SourceInformers informers;
  final ReconcileLoop loop;
  final LoopRunner runner;
  final List<SyncReport> reports = new CopyOnWriteArrayList<>();
  final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
  final AtomicInteger syncs = new AtomicInteger();

  InProcessReconciler(KubernetesClient client, PolicyEvaluator policy, DnsProvider provider, DomainFilter domains,
      SyncMode mode, Duration debounce, List<SyncListener> listeners) {
    this(client, policy, provider, domains, mode, debounce, Duration.ofMinutes(1), listeners);
  }

  /** @param interval the full resync period: how soon drift made by hand is seen */
  InProcessReconciler(KubernetesClient client, PolicyEvaluator policy, DnsProvider provider, DomainFilter domains,
      SyncMode mode, Duration debounce, Duration interval, List<SyncListener> listeners) {
    this(client, policy, provider, domains, mode, debounce, interval, listeners, EnumSet.allOf(SourceKind.class));
  }

  /** @param kinds the kinds watched, as {@code --source} names them */
  InProcessReconciler(KubernetesClient client, PolicyEvaluator policy, DnsProvider provider, DomainFilter domains,
      SyncMode mode, Duration debounce, Duration interval, List<SyncListener> listeners, Set<SourceKind> kinds) {
    ClaimIndex claims = new ClaimIndex();
    this.informers = new SourceInformers(client);
    this.loop = new ReconcileLoop(() -> policy,
        new Sources(informers::objects, claims, new EndpointSource(Attachment.accepted(informers.gatewayView()))),
        new DnsTarget(provider, domains, mode), Clock.systemUTC());
    List<SyncListener> all = new ArrayList<>(listeners);
    all.add(new SyncListener() {
      @Override
      public void synced(SyncReport report) {
        reports.add(report);
        syncs.incrementAndGet();
      }

      @Override
      public void failed(RuntimeException error, Duration took) {
        failures.add(error);
        syncs.incrementAndGet();
      }
    });
    this.runner = new LoopRunner(loop, debounce, interval, SyncListener.all(all)).start();
    informers.start(SourceListener.all(List.of(ClaimIndexFeeder.of(claims, informers, Attachment.Mode.ACCEPTED),
        SourceListener.onContextChange(loop::contextChanged), SourceListener.onAnyChange(runner::changed))), Duration.ZERO,
        kinds);
    try {
      if (!informers.awaitSynced(Duration.ofSeconds(60))) {
        throw new IllegalStateException("informers did not sync");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    runner.leading(true);
    runner.ready(true);
  }

  /** A policy giving {@code namespaces} the {@code zone}, owner id {@code ownerId}, prefix {@code _externaldns.}. */
  static PolicyEvaluator policy(String ownerId, String zone, String... namespaces) {
    return new PolicyEvaluator(loadPolicy(policyYaml(ownerId, zone, namespaces)));
  }

  /** The policy of {@link #policyYaml}, whose wildcards' ownership records use {@code wildcard} for the {@code *}. */
  static PolicyEvaluator policyWithTxtWildcard(String ownerId, String zone, String... namespaces) {
    return new PolicyEvaluator(loadPolicy(policyYaml(ownerId, zone, namespaces) + "  txtWildcardReplacement: wildcard\n"));
  }

  static String policyYaml(String ownerId, String zone, String... namespaces) {
    return """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata:
          name: test
        spec:
          ownerId: %s
          txtPrefix: "_externaldns."
          unmanagedDomains: deny
          adoptUnowned: false
          domains:
            - suffix: %s
              namespaces: [%s]
        """.formatted(ownerId, zone, String.join(", ", namespaces));
  }

  private static io.openova.dnsguard.policies.policy.DnsPolicy loadPolicy(String yaml) {
    try {
      Path file = Files.createTempFile("dnsguard-policy-", ".yaml");
      Files.writeString(file, yaml);
      try {
        return PolicyLoader.load(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (PolicyException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    runner.close();
    informers.close();
  }
}
