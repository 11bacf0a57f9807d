package io.openova.dnsguard.reconciler.webhookprovider;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.cli.JsonLogging;
import io.openova.dnsguard.testbench.FreePorts;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import tools.jackson.databind.json.JsonMapper;

/**
 * external-dns v0.21.0 {@code --once} with N names (DNSEndpoints in a real kube-apiserver) through a
 * cold {@code dnsguard provider} process into PowerDNS, against the same external-dns straight to
 * another PowerDNS (same settings) with its own pdns provider, in the same run. Each round starts
 * from empty zones and a fresh dnsguard JVM; the order of the two alternates. A second {@code
 * --once} on the full zones (nothing to change) is timed as well. Appends a section to the output.
 *
 * <p>Run: {@code mvn -q -f reconciler/pom.xml test-compile exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %classpath
 * io.openova.dnsguard.reconciler.webhookprovider.ExternalDnsOnceBenchmark 10000 3 BENCHMARKS-provider.md"}
 */
public final class ExternalDnsOnceBenchmark {
  private static final String ZONE = "bench-fleet.test";
  private static final String NAMESPACE = "bench";
  private static final Duration ONCE = Duration.ofMinutes(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ExternalDnsOnceBenchmark() {}

  /** The dnsguard provider JVM's entry point: what {@code ./dnsguard provider} does. */
  public static final class ProviderMain {
    public static void main(String[] args) {
      JsonLogging.install(Level.INFO);
      System.exit(ProviderCommand.run(List.of(args), System.out, System.err));
    }
  }

  public static void main(String[] args) throws Exception {
    int names = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path output = Path.of(args.length > 2 ? args[2] : "BENCHMARKS-provider.md");
    Path dir = Files.createTempDirectory("dnsguard-bench-provider-");
    System.out.println("work directory (logs of every run): " + dir);
    try (KubeApiServer kube = KubeApiServer.start(List.of(), List.of());
        PowerDnsServer guarded = PowerDnsServer.start(dir.resolve("pdns-guarded"), PowerDnsServer.Options.recommended());
        PowerDnsServer straight = PowerDnsServer.start(dir.resolve("pdns-straight"), PowerDnsServer.Options.recommended())) {
      KubernetesClient client = kube.client();
      kube.installCrds(List.of(kube.testbin().externalDnsCrd()));
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
      int perObject = 2_500;
      for (int o = 0; o * perObject < names; o++) {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (int i = 0; i < perObject && o * perObject + i < names; i++) {
          int n = o * perObject + i;
          endpoints.add(Map.of("dnsName", "h%05d.%s".formatted(n, ZONE), "recordType", "A",
              "targets", List.of("10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255))));
        }
        client.genericKubernetesResources("externaldns.k8s.io/v1alpha1", "DNSEndpoint").inNamespace(NAMESPACE).resource(
            new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
                .withNewMetadata().withName("bulk-" + o).withNamespace(NAMESPACE).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("endpoints", endpoints))).build()).create();
      }
      Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kube.kubeconfig());
      Path policy = Files.writeString(dir.resolve("policy.yaml"), """
          apiVersion: dnsguard.openova.io/v1alpha1
          kind: DNSPolicy
          metadata: {name: bench}
          spec:
            ownerId: dnsguard
            txtPrefix: "_externaldns."
            unmanagedDomains: deny
            domains:
              - {suffix: %s, namespaces: [%s]}
          """.formatted(ZONE, NAMESPACE));
      List<String> common = List.of("--source=crd", "--namespace=" + NAMESPACE, "--registry=txt", "--txt-owner-id=bench",
          "--txt-prefix=_externaldns.", "--policy=sync", "--log-level=info");

      // {straight create, straight no-op, dnsguard cold create, dnsguard warm create, dnsguard warm no-op}
      List<double[]> results = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        double[] r = new double[5];
        boolean guardedFirst = round % 2 == 0;
        for (int leg = 0; leg < 2; leg++) {
          if ((leg == 0) == guardedFirst) {
            int port = FreePorts.find(false);
            recreate(guarded);
            Process provider = startProvider(dir, round, port, policy, guarded);
            try {
              awaitNegotiation(port);
              // external-dns's webhook client gives a request read+write timeout (5 s + 10 s by default) and
              // exits on a timeout: a first sync of many names through any webhook wants more
              List<String> viaDnsguard = with(common, "--provider=webhook", "--webhook-provider-url=http://127.0.0.1:" + port,
                  "--webhook-provider-write-timeout=60s");
              r[2] = once(dir, "guarded-cold-" + round, kubeconfig, viaDnsguard, Map.of());
              check(guarded, names);
              recreate(guarded);
              r[3] = once(dir, "guarded-warm-" + round, kubeconfig, viaDnsguard, Map.of());
              r[4] = once(dir, "guarded-noop-" + round, kubeconfig, viaDnsguard, Map.of());
              check(guarded, names);
            } finally {
              provider.destroy();
              provider.waitFor();
            }
          } else {
            recreate(straight);
            List<String> straightArgs = with(common, "--provider=pdns", "--pdns-server=" + straight.apiUrl());
            Map<String, String> env = Map.of("EXTERNAL_DNS_PDNS_API_KEY", straight.apiKey());
            r[0] = once(dir, "straight-" + round, kubeconfig, straightArgs, env);
            r[1] = once(dir, "straight-noop-" + round, kubeconfig, straightArgs, env);
            check(straight, names);
          }
        }
        results.add(r);
        System.out.printf("round %d: straight %.2f s (no-op %.2f s); through dnsguard cold %.2f s, warm %.2f s (no-op %.2f s)%n",
            round + 1, r[0], r[1], r[2], r[3], r[4]);
      }
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < results.size(); i++) {
        double[] r = results.get(i);
        rows.append("| %d | %.2f s | %.2f s (%.2f×) | %.2f s (%.2f×) | %.2f s | %.2f s (%.2f×) |%n".formatted(i + 1,
            r[0], r[2], r[2] / r[0], r[3], r[3] / r[0], r[1], r[4], r[4] / r[1]));
      }
      String section = """

          ## external-dns --once through `dnsguard provider` vs straight to PowerDNS (%,d names)

          Command: `mvn -q -f reconciler/pom.xml test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %%classpath io.openova.dnsguard.reconciler.webhookprovider.ExternalDnsOnceBenchmark %d %d BENCHMARKS-provider.md"`

          The real external-dns v0.21.0 binary, `--source=crd` (%,d A names in %d DNSEndpoints of a real kube-apiserver),
          TXT registry (`--txt-owner-id=bench --txt-prefix=_externaldns.`), each `--once` timed from process start to exit.
          Straight: `--provider=pdns` to a PowerDNS 4.7 (`default-api-rectify=no`); create = all names and their TXT into an
          empty zone, no-op = a second run with nothing to do. Through dnsguard: `--provider=webhook
          --webhook-provider-write-timeout=60s` to a `dnsguard provider` JVM in front of a second PowerDNS with the same
          settings; *cold* = the first sync the JVM serves (started for the round, ready before the clock starts), *warm* =
          the same create again into an emptied zone, served by the same JVM. Both zones are checked to hold every name and
          TXT record. The two sides alternate in order between rounds. 2 shared cores (the API server, etcd, both PowerDNS
          and other builds on the machine): numbers are noisy.

          | round | straight, create | dnsguard, cold create | dnsguard, warm create | straight, no-op | dnsguard, warm no-op |
          |---:|---:|---:|---:|---:|---:|
          %s
          Median ratios: cold create %.2f×, warm create %.2f×, no-op %.2f× (target ≤ 1.2×).
          """.formatted(names, names, rounds, names, (names + perObject - 1) / perObject, rows.toString().strip() + "\n",
          ratio(results, 2, 0), ratio(results, 3, 0), ratio(results, 4, 1));
      Files.writeString(output, section, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      System.out.println(section);
    }
  }

  private static double ratio(List<double[]> results, int column, int base) {
    List<Double> values = results.stream().map(r -> r[column] / r[base]).sorted().toList();
    return values.get(values.size() / 2);
  }

  private static Process startProvider(Path dir, int round, int port, Path policy, PowerDnsServer pdns) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g"));
    // e.g. -Dbench.providerJvmOptions=-XX:StartFlightRecording=filename=/tmp/p.jfr to profile the provider
    String extra = System.getProperty("bench.providerJvmOptions", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProviderMain.class.getName(),
        "--policy-file", policy.toString(), "--provider", "powerdns", "--pdns-url", pdns.apiUrl().toString(),
        "--port", Integer.toString(port), "--http-bind", "127.0.0.1", "--http-port", Integer.toString(FreePorts.find(false))));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("provider-" + round + ".log").toFile()));
    builder.environment().put("DNSGUARD_PDNS_API_KEY", pdns.apiKey());
    return builder.start();
  }

  private static void awaitNegotiation(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("dnsguard provider did not answer within 60 s");
  }

  private static double once(Path dir, String name, Path kubeconfig, List<String> args, Map<String, String> env) {
    long start = System.nanoTime();
    ExternalDns.Run run = ExternalDns.once(dir, name, kubeconfig, args, env, ONCE);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (run.exit() != 0) {
      throw new IllegalStateException("external-dns " + name + " exited " + run.exit() + ":\n" + run.tail());
    }
    return seconds;
  }

  private static void recreate(PowerDnsServer pdns) {
    pdns.api("DELETE", "/api/v1/servers/localhost/zones/" + ZONE + ".", null);
    pdns.createZone(ZONE);
  }

  private static void check(PowerDnsServer pdns, int names) {
    HttpResponse<String> zone = pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null);
    var rrsets = JsonMapper.builder().build().readTree(zone.body()).path("rrsets");
    long a = rrsets.valueStream().filter(r -> r.path("type").asString().equals("A")).count();
    long txt = rrsets.valueStream().filter(r -> r.path("type").asString().equals("TXT")).count();
    if (a != names || txt != names) {
      throw new IllegalStateException(pdns.apiUrl() + " holds " + a + " A and " + txt + " TXT record sets, not " + names);
    }
  }

  private static List<String> with(List<String> common, String... more) {
    List<String> out = new ArrayList<>(common);
    out.addAll(List.of(more));
    return out;
  }

}
