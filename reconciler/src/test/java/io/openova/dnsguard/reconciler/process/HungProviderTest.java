package io.openova.dnsguard.reconciler.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.testbench.HungServer;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PowerDNS that accepts connections and never answers (external-dns's pdns provider hangs
 * silently on it, external-dns #6670): every sync of {@code dnsguard run} fails within its
 * timeout (here 1 s per request, six attempts), the failures show in the metrics and, past the
 * grace, in {@code /readyz}'s reason; the loop goes on syncing, and the process stays alive and live.
 */
@RealKubeApiServer
class HungProviderTest {

  @Test
  void powerDnsHangs_syncsFailWithinTheirTimeout_visibleInMetricsAndReadiness_loopGoesOn(KubeApiServer kube,
      @TempDir Path dir) throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: hung}
        spec:
          ownerId: hung-test
          domains:
            - suffix: hung.test
              namespaces: [hung]
        """);
    try (HungServer hung = new HungServer();
        RunProcess run = RunProcess.start(dir, "hung", kube.kubeconfig(), hung.uri(), Map.of(), List.of(
            "--policy-file", policy.toString(), "--no-leader-election", "--interval", "5s", "--pdns-timeout", "1s"))) {
      LeaderElectionTest.await(Duration.ofSeconds(120), "a sync to fail on the hung PowerDNS",
          () -> run.metric("dnsguard_reconciler_sync_errors") >= 1, run::logTail);
      assertThat(hung.accepted()).as("connections the hung server took").isPositive();
      double first = run.metric("dnsguard_reconciler_sync_errors");
      LeaderElectionTest.await(Duration.ofSeconds(120), "the loop to try again and fail again",
          () -> run.metric("dnsguard_reconciler_sync_errors") > first, run::logTail);
      // Readiness turns false once syncs have failed for longer than the grace (3 intervals + 1 min).
      LeaderElectionTest.await(Duration.ofSeconds(180), "/readyz to name the failing syncs",
          () -> run.probe("/readyz") == 503 && run.probeBody("/readyz").contains("timed out"),
          () -> run.probeBody("/readyz") + "\n" + run.logTail());
      assertThat(run.probeBody("/readyz")).contains("DNS syncs failing since", "powerdns");
      assertThat(run.alive()).as("alive; log:\n%s", run.logTail()).isTrue();
      assertThat(run.probe("/healthz")).as("liveness").isEqualTo(200);
    }
  }
}
