package io.openova.dnsguard.reconciler.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of {@code dnsguard run} with leader election on a Lease (default timing: 15 s
 * lease, 10 s renew deadline, 2 s retry): only the leader writes, the follower is ready with warm
 * caches; when the leader is SIGKILLed (no release) the follower takes over within the lease time
 * and syncs what changed meanwhile.
 */
@RealKubeApiServer
@RealPowerDns
class LeaderElectionTest {
  private static final String ZONE = "e2e-leader.test";
  private static final String NAMESPACE = "e2e-leader";
  private static final String LEASE = "dnsguard-e2e-leader";

  @Test
  void twoReplicas_leaderKilled_followerTakesOverWithinLeaseTime(KubernetesClient client, KubeApiServer kube,
      PowerDnsServer pdns, @TempDir Path dir) throws Exception {
    pdns.createZone(ZONE);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: leader}
        spec:
          ownerId: leader-test
          txtPrefix: "_externaldns."
          unmanagedDomains: deny
          domains:
            - suffix: %s
              namespaces: [%s]
        """.formatted(ZONE, NAMESPACE));
    List<String> args = List.of("--policy-file", policy.toString(), "--domain-filter", ZONE,
        "--leader-election-namespace", NAMESPACE, "--leader-election-id", LEASE);
    DnsQuery dns = new DnsQuery(pdns.dnsPort());

    try (RunProcess a = RunProcess.start(dir, "replica-a", kube.kubeconfig(), pdns, Map.of(), args);
        RunProcess b = RunProcess.start(dir, "replica-b", kube.kubeconfig(), pdns, Map.of(), args)) {
      await(Duration.ofSeconds(60), "both replicas ready", () -> a.probe("/readyz") == 200 && b.probe("/readyz") == 200,
          () -> a.logTail() + "\n---\n" + b.logTail());
      await(Duration.ofSeconds(30), "a leader holds the Lease", () -> holder(client) != null, () -> "no holder");
      RunProcess leader = holder(client).startsWith("replica-a") ? a : b;
      RunProcess follower = leader == a ? b : a;

      endpoint(client, "one", "one." + ZONE, "192.0.2.1");
      await(Duration.ofSeconds(20), "one." + ZONE + " served", () -> dns.answers("one." + ZONE, "A").size() == 1,
          leader::logTail);
      // PowerDNS answers as soon as the PATCH lands; the sync counts its changes when it has finished.
      await(Duration.ofSeconds(10), "the leader counts what it wrote",
          () -> leader.metric("dnsguard_reconciler_changes_applied_total") > 0, leader::logTail);
      assertThat(follower.metric("dnsguard_reconciler_changes_applied_total")).as("the follower wrote nothing").isZero();
      assertThat(follower.metric("dnsguard_reconciler_leader")).isZero();
      assertThat(follower.probe("/readyz")).as("the follower is ready").isEqualTo(200);

      long killed = System.nanoTime();
      leader.kill();
      endpoint(client, "two", "two." + ZONE, "192.0.2.2");
      await(Duration.ofSeconds(25), "the follower leads", () -> follower.metric("dnsguard_reconciler_leader") == 1,
          follower::logTail);
      Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
      assertThat(takeover).as("takeover within lease duration + retry period").isLessThan(Duration.ofSeconds(17 + 3));
      await(Duration.ofSeconds(10), "two." + ZONE + " served by the new leader",
          () -> dns.answers("two." + ZONE, "A").size() == 1, follower::logTail);
      assertThat(holder(client)).startsWith(follower == a ? "replica-a" : "replica-b");
      System.out.println("leader takeover after SIGKILL: " + takeover.toMillis() + " ms");
    }
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void endpoint(KubernetesClient client, String name, String dnsName, String ip) {
    client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(NAMESPACE).resource(
        new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
            .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("endpoints", List.of(
                Map.of("dnsName", dnsName, "recordType", "A", "targets", List.of(ip)))))).build()).create();
  }

  static void await(Duration timeout, String what, BooleanSupplier condition, java.util.function.Supplier<String> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what + "\n" + seen.get());
      }
      Thread.sleep(100);
    }
  }
}
