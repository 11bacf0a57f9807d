package io.openova.dnsguard.reconciler.webhookprovider;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.JsonLogging;
import io.openova.dnsguard.testbench.FreePorts;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import java.lang.management.ManagementFactory;
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
import java.util.Set;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * external-dns v0.21.0 {@code --once} with N names (DNSEndpoints in a real kube-apiserver) through a
 * cold {@code dnsguard provider} process into PowerDNS, against the same external-dns straight to
 * another PowerDNS (same settings) with its own pdns provider, in the same run. Each round starts
 * from empty zones and a fresh dnsguard JVM; the order of the two alternates. A second {@code
 * --once} on the full zones (nothing to change) is timed as well. Appends a section to the output.
 *
 * A fresh JVM started with {@code --no-warm-up} makes one more first create per round, and the
 * provider's log gives dnsguard's own time in each run.
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -B -q -o -pl reconciler -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * cd reconciler &amp;&amp; java -Xmx2g -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *   io.openova.dnsguard.reconciler.webhookprovider.ExternalDnsOnceBenchmark 10000 3 BENCHMARKS-provider.md
 * </pre>
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
      try {
        ProviderServer.run(Arguments.parse(List.of(args), ProviderServer.OPTIONS, Set.of(), ProviderServer.FLAGS)
            .withEnvironment(System.getenv()));
      } catch (Exception e) {
        e.printStackTrace(); // a test reads it in the log
        System.exit(1);
      }
      System.exit(0);
    }
  }

  public static void main(String[] args) throws Exception {
    int names = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path output = Path.of(args.length > 2 ? args[2] : "BENCHMARKS-provider.md");
    Path dir = Files.createTempDirectory("dnsguard-bench-provider-");
    System.out.println("work directory (logs of every run): " + dir);
    String startLoad = "%.1f".formatted(load());
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

      List<String> viaDnsguardArgs = with(common, "--provider=webhook", "--webhook-provider-write-timeout=60s");
      // the provider JVM runs from jars, as an installed dnsguard does
      String classpath = jarred(dir);

      // {straight create, straight no-op, dnsguard first create, dnsguard warm create, dnsguard warm no-op,
      //  dnsguard first create without the warm-up, dnsguard's in-process time of first, warm and no-op,
      //  the next no-op (the listing code's first run with a full zone was the one before), its in-process time,
      //  start -> ready with the warm-up, start -> ready without}
      List<double[]> results = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        double[] r = new double[13];
        boolean guardedFirst = round % 2 == 0;
        for (int leg = 0; leg < 2; leg++) {
          if ((leg == 0) == guardedFirst) {
            recreate(guarded);
            Started provider = startProvider(dir, Integer.toString(round), policy, guarded, classpath, List.of());
            r[11] = provider.secondsToReady();
            try {
              // external-dns's webhook client gives a request read+write timeout (5 s + 10 s by default) and
              // exits on a timeout: a first sync of many names through any webhook wants more
              List<String> viaDnsguard = with(viaDnsguardArgs, "--webhook-provider-url=http://127.0.0.1:" + provider.port());
              r[2] = once(dir, "guarded-first-" + round, kubeconfig, viaDnsguard, Map.of());
              check(guarded, names);
              recreate(guarded);
              r[3] = once(dir, "guarded-warm-" + round, kubeconfig, viaDnsguard, Map.of());
              r[4] = once(dir, "guarded-noop-" + round, kubeconfig, viaDnsguard, Map.of());
              r[9] = once(dir, "guarded-noop-again-" + round, kubeconfig, viaDnsguard, Map.of());
              check(guarded, names);
            } finally {
              provider.stop();
            }
            List<Double> inProcess = inProcess(dir.resolve("provider-" + round + ".log"));
            r[6] = inProcess.get(0);
            r[7] = inProcess.get(1);
            r[8] = inProcess.get(2);
            r[10] = inProcess.get(3);
            recreate(guarded);
            Started cold = startProvider(dir, round + "-no-warm-up", policy, guarded, classpath, List.of("--no-warm-up"));
            r[12] = cold.secondsToReady();
            try {
              r[5] = once(dir, "guarded-no-warm-up-" + round, kubeconfig,
                  with(viaDnsguardArgs, "--webhook-provider-url=http://127.0.0.1:" + cold.port()), Map.of());
              check(guarded, names);
            } finally {
              cold.stop();
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
        System.out.printf("round %d: straight %.2f s (no-op %.2f s); through dnsguard first %.2f s (ready after %.2f s),"
            + " without warm-up %.2f s (ready after %.2f s), warm %.2f s (no-op %.2f s, again %.2f s);"
            + " in process %.2f / %.2f / %.2f / %.2f s; load %.1f%n", round + 1, r[0], r[1], r[2], r[11], r[5], r[12], r[3],
            r[4], r[9], r[6], r[7], r[8], r[10], load());
      }
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < results.size(); i++) {
        double[] r = results.get(i);
        rows.append(("| %d | %.2f s | %.2f s (%.2f×) | %.2f s | %.2f s (%.2f×) | %.2f s | %.2f s (%.2f×) | %.2f s | %.2f s (%.2f×)"
            + " | %.2f s (%.2f×) | %.2f / %.2f / %.2f / %.2f s |%n").formatted(i + 1, r[0], r[2], r[2] / r[0], r[11], r[5],
            r[5] / r[0], r[12], r[3], r[3] / r[0], r[1], r[4], r[4] / r[1], r[9], r[9] / r[1], r[6], r[7], r[8], r[10]));
      }
      String section = """

          ## external-dns --once through `dnsguard provider` vs straight to PowerDNS (%,d names)

          Command (from the repository root; load average %s at the start, %.1f at the end):
          ```sh
          mvn -B -q -o -pl reconciler -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
          cd reconciler && java -Xmx2g -cp target/test-classes:target/classes:$(cat target/bench.cp) \\
            io.openova.dnsguard.reconciler.webhookprovider.ExternalDnsOnceBenchmark %d %d BENCHMARKS-provider.md
          ```

          The real external-dns v0.21.0 binary, `--source=crd` (%,d A names in %d DNSEndpoints of a real kube-apiserver),
          TXT registry (`--txt-owner-id=bench --txt-prefix=_externaldns.`), each `--once` timed from process start to exit.
          Straight: `--provider=pdns` to a PowerDNS 4.7 (`default-api-rectify=no`); create = all names and their TXT into an
          empty zone, no-op = a second run with nothing to do. Through dnsguard: `--provider=webhook
          --webhook-provider-write-timeout=60s` to a `dnsguard provider` JVM (`-Xmx1g`, classes from jars) in front of a
          second PowerDNS with the same settings. *First create* = the first sync a fresh JVM serves (started for the round;
          the clock starts once its `/readyz` answers 200, i.e. after its warm-up); *ready* = process start to that answer;
          *first create, no warm-up* = the same with another fresh JVM started with `--no-warm-up`; *warm* = the same create
          again into an emptied zone, served by the first JVM. *Next no-op* = one more no-op by the same JVM (in the one
          before, the listing code met a full zone for the first time; a sidecar lists every interval). *In process* = the
          time dnsguard's handlers took in the first create, the warm create and the two no-ops (from its log), the rest of
          each run being external-dns, PowerDNS and the wire. Every zone is checked to hold every name and TXT record. The two sides alternate in order
          between rounds. 2 shared cores (the API server, etcd, both PowerDNS and other builds on the machine): numbers are
          noisy.

          | round | straight, create | dnsguard, first create | dnsguard, start → ready | dnsguard, first create, no warm-up | start → ready, no warm-up | dnsguard, warm create | straight, no-op | dnsguard, warm no-op | dnsguard, next no-op | dnsguard in process: first / warm / no-op / next |
          |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
          %s
          Median ratios: first create %.2f× (start → ready %.2f s), first create without the warm-up %.2f× (ready %.2f s),
          warm create %.2f×, no-op %.2f×, next no-op %.2f× (target ≤ 1.2×).
          """.formatted(names, startLoad, load(), names, rounds, names, (names + perObject - 1) / perObject,
          rows.toString().strip() + "\n", ratio(results, 2, 0), median(results, 11), ratio(results, 5, 0),
          median(results, 12), ratio(results, 3, 0), ratio(results, 4, 1), ratio(results, 9, 1));
      Files.writeString(output, section, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      System.out.println(section);
    }
  }

  private static double median(List<double[]> results, int column) {
    List<Double> values = results.stream().map(r -> r[column]).sorted().toList();
    return values.get(values.size() / 2);
  }

  private static double ratio(List<double[]> results, int column, int base) {
    List<Double> values = results.stream().map(r -> r[column] / r[base]).sorted().toList();
    return values.get(values.size() / 2);
  }

  /** A provider process, ready: its protocol port and how long it took from start to ready. */
  record Started(Process process, int port, double secondsToReady) {
    void stop() throws InterruptedException {
      process.destroy();
      process.waitFor();
    }
  }

  /** A {@code dnsguard provider} JVM in front of {@code pdns}, once its readiness probe answers 200. */
  static Started startProvider(Path dir, String name, Path policy, PowerDnsServer pdns, String classpath,
      List<String> providerFlags) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g"));
    // e.g. -Dbench.providerJvmOptions=-XX:StartFlightRecording=filename=/tmp/p.jfr to profile the provider
    String extra = System.getProperty("bench.providerJvmOptions", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    int port = FreePorts.find(false);
    int opsPort = FreePorts.find(false);
    command.addAll(List.of("-cp", classpath, ProviderMain.class.getName(),
        "--policy-file", policy.toString(), "--provider", "powerdns", "--pdns-url", pdns.apiUrl().toString(),
        "--port", Integer.toString(port), "--http-bind", "127.0.0.1", "--http-port", Integer.toString(opsPort)));
    command.addAll(providerFlags);
    Path log = dir.resolve("provider-" + name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("DNSGUARD_PDNS_API_KEY", pdns.apiKey());
    long start = System.nanoTime();
    Process process = builder.start();
    awaitReady(opsPort, log);
    return new Started(process, port, (System.nanoTime() - start) / 1e9);
  }

  /** Waits for the provider's readiness probe, as a kubelet would before sending traffic. */
  private static void awaitReady(int opsPort, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    URI ready = URI.create("http://127.0.0.1:" + opsPort + "/readyz");
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notListening) {
        // not yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("dnsguard provider was not ready within 60 s; see " + log);
  }

  /**
   * dnsguard's own time for the runs a provider served, from its log: each external-dns run starts
   * with a negotiation, so the routes' times between two negotiations are one run's.
   */
  private static List<Double> inProcess(Path log) throws Exception {
    Matcher route = Pattern.compile("\"message\":\"(\\w+) \\d+ in (\\d+) ms\"").matcher(Files.readString(log));
    List<Double> runs = new ArrayList<>();
    while (route.find()) {
      if (route.group(1).equals("negotiate")) {
        runs.add(0.0);
      }
      runs.set(runs.size() - 1, runs.getLast() + Integer.parseInt(route.group(2)) / 1e3);
    }
    return runs;
  }

  /** This JVM's class path with every directory packed as a jar, as an installed dnsguard runs. */
  private static String jarred(Path dir) throws Exception {
    Path jars = Files.createDirectories(dir.resolve("classpath"));
    List<String> out = new ArrayList<>();
    int index = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (!Files.isDirectory(path)) {
        out.add(entry);
        continue;
      }
      Path jar = jars.resolve((index++) + "-" + path.getParent().getParent().getFileName() + "-" + path.getFileName() + ".jar");
      try (JarOutputStream stream = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(path)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          stream.putNextEntry(new JarEntry(path.relativize(file).toString().replace(java.io.File.separatorChar, '/')));
          Files.copy(file, stream);
          stream.closeEntry();
        }
      }
      out.add(jar.toString());
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
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
