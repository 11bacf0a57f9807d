package io.openova.dnsguard.reconciler.process;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.reconciler.watch.SourceInformers;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Propagation: from an API-server write (a DNSEndpoint's target changed) to PowerDNS answering the
 * new target over DNS, through a real {@code dnsguard run} process with the default debounce (1 s
 * at most; a sync runs after 100 ms without further changes). Then the reconciler's heap with
 * 50,000 hostnames synced. Appends a section to BENCHMARKS-reconciler.md.
 *
 * <p>Run: {@code mvn -q -f reconciler/pom.xml test-compile exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %classpath
 * io.openova.dnsguard.reconciler.process.PropagationBenchmark 60 50000 BENCHMARKS-reconciler.md"}
 */
public final class PropagationBenchmark {
  private static final String ZONE = "bench-propagation.test";
  private static final String NAMESPACE = "bench";

  private PropagationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int hostnames = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    Path output = Path.of(args.length > 2 ? args[2] : "BENCHMARKS-reconciler.md");
    Path dir = Files.createTempDirectory("dnsguard-bench-");
    try (KubeApiServer kube = KubeApiServer.start(List.of(), List.of());
        PowerDnsServer pdns = PowerDnsServer.start(PowerDnsServer.Options.recommended())) {
      KubernetesClient client = kube.client();
      pdns.createZone(ZONE);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          apiVersion: dnsguard.openova.io/v1alpha1
          kind: DNSPolicy
          metadata: {name: bench}
          spec:
            ownerId: bench
            txtPrefix: "_externaldns."
            unmanagedDomains: deny
            domains:
              - suffix: %s
                namespaces: [%s]
          """.formatted(ZONE, NAMESPACE));
      DnsQuery dns = new DnsQuery(pdns.dnsPort());
      endpoint(client, "probe", List.of(Map.of("dnsName", "probe." + ZONE, "recordType", "A", "targets", List.of("10.0.0.1"))));
      try (RunProcess run = RunProcess.start(dir, "bench", kube.kubeconfig(), pdns, Map.of(), List.of(
          "--policy-file", policy.toString(), "--no-leader-election", "--domain-filter", ZONE))) {
        LeaderElectionTest.await(Duration.ofSeconds(60), "probe served", () -> dns.answers("probe." + ZONE, "A").size() == 1,
            run::logTail);
        Random random = new Random(1);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < changes + 5; i++) {
          String ip = "10.1." + (i / 250) + "." + (i % 250 + 1);
          long start = System.nanoTime();
          client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(NAMESPACE).withName("probe")
              .edit(e -> withTarget(e, "probe." + ZONE, ip));
          while (!dns.answers("probe." + ZONE, "A").equals(List.of(ip))) {
            java.util.concurrent.locks.LockSupport.parkNanos(500_000); // 0.5 ms between DNS queries
          }
          long took = (System.nanoTime() - start) / 1_000;
          if (i >= 5) { // warm-up
            micros.add(took);
          }
          Thread.sleep(200 + random.nextInt(300)); // apart, so each change is its own burst
        }
        micros.sort(null);
        double p50 = micros.get(micros.size() / 2) / 1000.0;
        double p99 = micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000.0;
        double max = micros.getLast() / 1000.0;

        long startBulk = System.nanoTime();
        int perObject = 2_000;
        for (int o = 0; o * perObject < hostnames; o++) {
          List<Map<String, Object>> endpoints = new ArrayList<>();
          for (int i = 0; i < perObject && o * perObject + i < hostnames; i++) {
            int n = o * perObject + i;
            endpoints.add(Map.of("dnsName", "h%05d.%s".formatted(n, ZONE), "recordType", "A",
                "targets", List.of("10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255))));
          }
          endpoint(client, "bulk-" + o, endpoints);
        }
        String last = "h%05d.%s".formatted(hostnames - 1, ZONE);
        LeaderElectionTest.await(Duration.ofMinutes(5), last + " served", () -> !dns.answers(last, "A").isEmpty(), run::logTail);
        double bulkSeconds = (System.nanoTime() - startBulk) / 1e9;
        Thread.sleep(3_000);
        String heap = heapAfterGc(run);

        String section = """

            ## Propagation: API-server write → PowerDNS answer (dnsguard run, default debounce)

            Command: `mvn -q -f reconciler/pom.xml test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %%classpath io.openova.dnsguard.reconciler.process.PropagationBenchmark %d %d BENCHMARKS-reconciler.md"`
            (a real kube-apiserver and PowerDNS 4.7 with `default-api-rectify=no`; `dnsguard run` as its own JVM, `-Xmx512m -XX:+UseSerialGC`,
            `--debounce 1s` default: a sync starts 100 ms after the last change, at most 1 s after the first; each change is a
            DNSEndpoint target edit, timed from the API write returning until a DNS query to PowerDNS answers the new address;
            changes 200–500 ms apart; 5 warm-up changes not counted; 2 cores shared with the API server, etcd and PowerDNS).

            | changes | p50 | p99 | max | target p99 |
            |---:|---:|---:|---:|---:|
            | %d | %.0f ms | %.0f ms | %.0f ms | ≤ 500 ms |

            Then %,d hostnames (A + TXT each) added as %d DNSEndpoints: all served %.1f s after the first write;
            reconciler heap after a full GC with them synced: %s.
            """.formatted(changes, hostnames, micros.size(), p50, p99, max, hostnames, (hostnames + perObject - 1) / perObject,
            bulkSeconds, heap);
        Files.writeString(output, section, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        System.out.println(section);
      }
    }
  }

  private static GenericKubernetesResource withTarget(GenericKubernetesResource e, String dnsName, String ip) {
    e.getAdditionalProperties().put("spec", Map.of("endpoints", List.of(
        Map.of("dnsName", dnsName, "recordType", "A", "targets", List.of(ip)))));
    return e;
  }

  private static void endpoint(KubernetesClient client, String name, List<Map<String, Object>> endpoints) {
    client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(NAMESPACE).resource(
        new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
            .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("endpoints", endpoints))).build()).create();
  }

  /** Heap used after a full GC, via jcmd on the child JVM. */
  private static String heapAfterGc(RunProcess run) throws Exception {
    long pid = run.pid();
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
    String text = new String(info.getInputStream().readAllBytes());
    info.waitFor(30, TimeUnit.SECONDS);
    // Serial GC: "DefNew total NK, used NK" and "Tenured total NK, used NK".
    long usedKb = 0;
    java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(text);
    while (used.find()) {
      usedKb += Long.parseLong(used.group(1));
    }
    return usedKb == 0 ? text.strip() : "%.0f MB used (young + old generation, jcmd GC.heap_info after jcmd GC.run)"
        .formatted(usedKb / 1024.0);
  }
}
