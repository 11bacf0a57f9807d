package io.openova.dnsguard.reconciler.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's incident, reproduced: for its first 90 s the API server answers no list or get (a
 * fresh, CPU-saturated k3s), longer than external-dns's hard-coded 60 s cache-sync timeout and than
 * our {@code --cache-sync-timeout} of 20 s here. {@code dnsguard run} stays alive and live, reports
 * not-ready (and not started) while it waits, then becomes ready and syncs — one process, never
 * restarted.
 */
@RealPowerDns
class SlowApiServerTest {
  private static final String ZONE = "e2e-slow.test";
  private static final Duration DELAY = Duration.ofSeconds(90);

  @Test
  void listsDelayed90s_processStaysAliveNotReady_thenReadyAndSynced(PowerDnsServer pdns, @TempDir Path dir)
      throws Exception {
    pdns.createZone(ZONE);
    try (KubeApiServer kube = KubeApiServer.start(List.of(), List.of());
        SlowListProxy proxy = new SlowListProxy(kube.kubeconfig(), DELAY)) {
      kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("slow").endMetadata().build())
          .create();
      kube.client().genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace("slow").resource(
          new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
              .withNewMetadata().withName("app").withNamespace("slow").endMetadata()
              .withAdditionalProperties(Map.of("spec", Map.of("endpoints", List.of(
                  Map.of("dnsName", "app." + ZONE, "recordType", "A", "targets", List.of("192.0.2.80")))))).build())
          .create();
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          apiVersion: dnsguard.openova.io/v1alpha1
          kind: DNSPolicy
          metadata: {name: slow}
          spec:
            ownerId: slow-test
            unmanagedDomains: deny
            domains:
              - suffix: %s
                namespaces: [slow]
          """.formatted(ZONE));
      long started = System.nanoTime();
      try (RunProcess run = RunProcess.start(dir, "slow", proxy.kubeconfig(), pdns, Map.of(), List.of(
          "--policy-file", policy.toString(), "--no-leader-election", "--cache-sync-timeout", "20s"))) {
        // While the lists are held: alive, live, not ready, not started. Checked every second for 75 s.
        while (System.nanoTime() - started < Duration.ofSeconds(75).toNanos()) {
          assertThat(run.alive()).as("the process is alive; log:\n%s", run.logTail()).isTrue();
          int live = run.probe("/healthz");
          if (live != -1) { // -1: not listening yet in its first seconds
            assertThat(live).as("liveness").isEqualTo(200);
            assertThat(run.probe("/readyz")).as("readiness while lists are held").isEqualTo(503);
            assertThat(run.probe("/startupz")).as("startup while lists are held").isEqualTo(503);
          }
          Thread.sleep(1_000);
        }
        assertThat(proxy.delayed.get()).as("requests held by the proxy").isPositive();
        LeaderElectionTest.await(Duration.ofSeconds(120), "ready after the held lists answered",
            () -> run.probe("/readyz") == 200, run::logTail);
        Duration toReady = Duration.ofNanos(System.nanoTime() - started);
        DnsQuery dns = new DnsQuery(pdns.dnsPort());
        LeaderElectionTest.await(Duration.ofSeconds(30), "app." + ZONE + " served",
            () -> dns.answers("app." + ZONE, "A").equals(List.of("192.0.2.80")), run::logTail);
        assertThat(run.alive()).as("the same process, never restarted").isTrue();
        assertThat(run.probe("/startupz")).isEqualTo(200);
        assertThat(Files.readString(run.log)).contains("informer caches not synced after PT20S");
        System.out.println("slow API server: ready after " + toReady.toSeconds() + " s; lists held until the "
            + DELAY.toSeconds() + " s mark; " + proxy.delayed.get() + " requests held");
      }
    }
  }
}
