package io.openova.dnsguard.reconciler.process;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.reconciler.bench.RawLoad;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scratch (not committed): only the heap part of PropagationBenchmark. */
public final class HeapProbe {
  public static void main(String[] args) throws Exception {
    int hostnames = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    String zone = "bench-propagation.test";
    Path dir = Files.createTempDirectory("dnsguard-heap-");
    try (KubeApiServer kube = KubeApiServer.start(List.of(), List.of());
        PowerDnsServer pdns = PowerDnsServer.start(PowerDnsServer.Options.recommended())) {
      KubernetesClient client = kube.client();
      pdns.createZone(zone);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
      Path policy = Files.writeString(dir.resolve("policy.yaml"), """
          apiVersion: dnsguard.openova.io/v1alpha1
          kind: DNSPolicy
          metadata: {name: bench}
          spec:
            ownerId: bench
            txtPrefix: "_externaldns."
            unmanagedDomains: deny
            domains:
              - suffix: %s
                namespaces: [bench]
          """.formatted(zone));
      DnsQuery dns = new DnsQuery(pdns.dnsPort());
      endpoint(client, "probe", List.of(Map.of("dnsName", "probe." + zone, "recordType", "A", "targets", List.of("10.0.0.1"))));
      try (RunProcess run = RunProcess.start(dir, "bench", kube.kubeconfig(), pdns, Map.of(), List.of(
          "--policy-file", policy.toString(), "--no-leader-election", "--domain-filter", zone, "--interval", "20s"))) {
        LeaderElectionTest.await(Duration.ofSeconds(60), "probe served", () -> dns.answers("probe." + zone, "A").size() == 1,
            run::logTail);
        Thread.sleep(3_000);
        PropagationBenchmark.Heap baseline = PropagationBenchmark.heapAfterGc(run, "before");
        long start = System.nanoTime();
        List<String> lastOfEach = new ArrayList<>();
        for (int o = 0; o * 2000 < hostnames; o++) {
          List<Map<String, Object>> endpoints = new ArrayList<>();
          for (int i = 0; i < 2000 && o * 2000 + i < hostnames; i++) {
            int n = o * 2000 + i;
            endpoints.add(Map.of("dnsName", "h%05d.%s".formatted(n, zone), "recordType", "A", "targets", List.of(RawLoad.ip(n))));
          }
          endpoint(client, "bulk-" + o, endpoints);
          lastOfEach.add("h%05d.%s".formatted(Math.min(hostnames, (o + 1) * 2000) - 1, zone));
        }
        LeaderElectionTest.await(Duration.ofMinutes(5), "served",
            () -> lastOfEach.stream().allMatch(name -> !dns.answers(name, "A").isEmpty()), run::logTail);
        System.out.printf("served in %.1f s%n", (System.nanoTime() - start) / 1e9);
        Thread.sleep(25_000); // past a full resync: the zone as read back from PowerDNS
        PropagationBenchmark.Heap after = PropagationBenchmark.heapAfterGc(run, "after");
        after.printGrowthOver(baseline);
        System.out.printf("RESULT baseline %.1f MB, total %.1f MB, marginal %.0f B/name, total %.0f B/name%n",
            baseline.usedBytes() / 1e6, after.usedBytes() / 1e6,
            (double) (after.usedBytes() - baseline.usedBytes()) / hostnames, (double) after.usedBytes() / hostnames);
      }
    }
  }

  private static void endpoint(KubernetesClient client, String name, List<Map<String, Object>> endpoints) {
    client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace("bench").resource(
        new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
            .withNewMetadata().withName(name).withNamespace("bench").endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("endpoints", endpoints))).build()).create();
  }
}
