package io.openova.dnsguard.webhook.bench;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import io.openova.dnsguard.policies.ownership.HostnameReservation;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.webhook.ServeProcess;
import io.openova.dnsguard.webhook.WebhookRegistration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The admission cost through a real kube-apiserver, measured as Kyverno publishes it: many
 * concurrent clients create objects (HTTPRoutes, each with a new hostname) for a fixed time, and
 * creates/s and the create latency p50/p99 they observe are compared with and without the webhook.
 * Five setups in the same run, on the same API server, in alternating rounds so drift hits each
 * alike: no webhook (the floor); a do-nothing validating webhook ({@link NoopWebhookProcess}, every
 * review allowed) registered exactly as dnsguard's is, the least any validating webhook can cost
 * through this API server; dnsguard with {@code --claims-mode local} (pending claims within a
 * replica only); dnsguard with reservations (one HostnameReservation create per admitted name);
 * dnsguard with {@code --claims-mode leader} (half of the new names forwarded from the follower to
 * the leader). Each webhook setup runs two replicas, as the chart does, each serving half of the
 * setup's namespaces as a Service would spread reviews. Each setup's namespaces are selected by its own webhook configurations;
 * every {@code serve} process runs throughout (their informers see every create in every setup). Between phases the
 * routes and reservations are deleted, so etcd does not grow from phase to phase.
 *
 * <p>Besides what the clients see, each phase records the CPU time the servers spent on it: the
 * kube-apiserver, etcd and the setup's own webhook processes, per create. Unlike throughput on this
 * shared machine, that does not depend on how much CPU other processes leave over; on a saturated
 * server of its own, throughput is inversely proportional to it.
 *
 * <p>Run from the repository root (needs the testbin: {@code tools/testbin/build.sh}); the reactor
 * build resolves the sibling modules from their target directories, so nothing is installed:
 * <pre>{@code
 * mvn -q -pl webhook -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=$PWD/webhook/target/bench.classpath
 * (cd webhook && java -Dbench.rounds=5 -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   io.openova.dnsguard.webhook.bench.ApiServerAdmissionBenchmark)
 * }</pre>
 * {@code -Dbench.clients=32 -Dbench.seconds=15 -Dbench.rounds=3} tune it; {@code -Dbench.setups=NONE,REPLICA}
 * runs some setups only; {@code -Dbench.jfr=REPLICA} records the first webhook of that setup with JFR
 * (the file is printed at the end).
 *
 * <p>{@code -Dbench.pin=true} places the processes as a cluster does (util-linux {@code taskset}):
 * the kube-apiserver, etcd and this JVM (the load driver's clients) share CPU 0 in every setup, the
 * floor included; every webhook process runs on CPU 1, as webhook pods run on other nodes than the
 * control plane. The ratio then says what the admission call costs the API server.
 */
public final class ApiServerAdmissionBenchmark {
  private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
  private static final int CONNECTION_POOLS = Integer.getInteger("bench.pools", 4);
  private static final Duration PHASE = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final int NAMESPACES_PER_SETUP = 8;
  private static final boolean PIN = Boolean.getBoolean("bench.pin");
  private static final List<Setup> SETUPS = System.getProperty("bench.setups") == null ? List.of(Setup.values())
      : Arrays.stream(System.getProperty("bench.setups").split(",")).map(String::trim).map(Setup::valueOf).toList();
  private static final String JFR = System.getProperty("bench.jfr", "");
  private static final String APISERVER = "kube-apiserver";
  private static final String ETCD = "etcd";
  private static final ResourceDefinitionContext RESERVATIONS = new ResourceDefinitionContext.Builder()
      .withGroup(HostnameReservation.GROUP).withVersion(HostnameReservation.VERSION)
      .withKind(HostnameReservation.KIND).withPlural(HostnameReservation.PLURAL).withNamespaced(false).build();

  /** One setup under test; {@code serveArgs} null: no dnsguard (NONE no webhook, NOOP the do-nothing one). */
  private enum Setup {
    NONE("no webhook (floor)", null, 1),
    NOOP("do-nothing validating webhook (2 replicas)", null, 2),
    REPLICA("dnsguard, --claims-mode local (2 replicas)", List.of("--claims-mode", "local"), 2),
    RESERVATIONS("dnsguard, --claims-mode reservations (2 replicas)", List.of("--claims-mode", "reservations"), 2),
    LEADER("dnsguard, --claims-mode leader (2 replicas)", List.of("--claims-mode", "leader"), 2);

    final String label;
    final List<String> serveArgs;
    final int replicas;

    Setup(String label, List<String> serveArgs, int replicas) {
      this.label = label;
      this.serveArgs = serveArgs;
      this.replicas = replicas;
    }

    String namespace(int i) {
      return "bench-" + name().toLowerCase(Locale.ROOT) + "-" + i;
    }
  }

  /**
   * One phase's result; {@code cpuMillis}: the CPU each server process spent in the phase, by name
   * ({@code kube-apiserver}, {@code etcd}, {@code <SETUP>-<replica>} for every webhook process).
   */
  private record Phase(double createsPerSecond, double p50Millis, double p99Millis, int creates, int errors,
      double cpuMillisPerCreate, Map<String, Double> cpuMillis) {}

  private ApiServerAdmissionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    if (!SETUPS.contains(Setup.NONE)) {
      throw new IllegalArgumentException("-Dbench.setups must include NONE, the floor every ratio is taken against");
    }
    if (PIN) {
      // Every thread of this JVM to CPU 0: the threads it starts later and the kube-apiserver and etcd it
      // forks inherit it.
      taskset("-a", "-cp", "0", Long.toString(ProcessHandle.current().pid()));
    }
    Path dir = Files.createTempDirectory("dnsguard-apiserver-bench");
    List<Path> crds;
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("dnsguard.crds", "../chart/crds")))) {
      crds = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    try (KubeApiServer kube = KubeApiServer.start(crds, List.of())) {
      KubernetesClient admin = kube.client();
      Path policy = Files.writeString(dir.resolve("policy.yaml"), """
          apiVersion: dnsguard.openova.io/v1alpha1
          kind: DNSPolicy
          metadata: {name: bench}
          spec:
            ownerId: bench
            domains:
              - suffix: bench.example
                namespaceSelector: {matchLabels: {bench: "yes"}}
          """);
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench-dnsguard").endMetadata()
          .build()).create();
      List<AutoCloseable> serves = new ArrayList<>();
      Map<Setup, List<Long>> webhooks = new LinkedHashMap<>();
      for (Setup setup : SETUPS) {
        String label = setup.name().toLowerCase(Locale.ROOT);
        for (int i = 0; i < NAMESPACES_PER_SETUP; i++) {
          admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(setup.namespace(i))
              .addToLabels("bench", "yes").addToLabels("bench-setup", label)
              .addToLabels("bench-replica", Integer.toString(i % setup.replicas + 1)).endMetadata().build()).create();
        }
        if (setup == Setup.NOOP) {
          // Registered as dnsguard's is below: same rules, failure policy and timeout, its own CA instead of an injected one.
          TlsMaterial material = TlsMaterial.of(CertificateIssuer.create(Clock.systemUTC())
              .issueAll(ServingIdentity.of("noop-webhook", "bench-dnsguard").withIpAddresses(List.of("127.0.0.1"))));
          String caBundle = Base64.getEncoder().encodeToString(material.caBundlePem().getBytes(StandardCharsets.US_ASCII));
          for (int replica = 1; replica <= setup.replicas; replica++) {
            String config = "bench-" + label + "-" + replica;
            NoopWebhookProcess noop = new NoopWebhookProcess(dir.resolve(config), material,
                PIN ? List.of("taskset", "-c", "1") : List.of());
            serves.add(noop.start(Duration.ofSeconds(120)));
            admin.resource(WebhookRegistration.forUrl(config, "https://127.0.0.1:" + noop.tlsPort() + "/validate",
                caBundle, new LabelSelectorBuilder().addToMatchLabels("bench-setup", label)
                    .addToMatchLabels("bench-replica", Integer.toString(replica)).build(),
                "Fail", 30)).create();
            webhooks.computeIfAbsent(setup, s -> new ArrayList<>()).add(noop.pid());
          }
          continue;
        }
        if (setup.serveArgs == null) {
          continue;
        }
        for (int replica = 1; replica <= setup.replicas; replica++) {
          String config = "bench-" + label + (setup.replicas == 1 ? "" : "-" + replica);
          List<String> serveArgs = new ArrayList<>(List.of("--policy-file", policy.toString(),
              "--certs", "self-managed", "--tls-secret", "bench-dnsguard/bench-" + label + "-tls",
              "--service", "dnsguard-webhook", "--namespace", "bench-dnsguard", "--webhook-config", config,
              "--ip", "127.0.0.1"));
          serveArgs.addAll(setup.serveArgs);
          ServeProcess serve = new ServeProcess(kube, dir.resolve(config), serveArgs).launchedWith(
              PIN ? List.of("taskset", "-c", "1") : List.of(),
              JFR.equals(setup.name()) && replica == 1 ? List.of("-XX:StartFlightRecording=filename="
                  + dir.resolve(config + ".jfr") + ",settings=profile,dumponexit=true") : List.of());
          if (JFR.equals(setup.name()) && replica == 1) {
            System.out.println("flight recording of " + setup + "-1: " + dir.resolve(config + ".jfr"));
          }
          admin.resource(WebhookRegistration.forUrl(config, "https://127.0.0.1:" + serve.tlsPort() + "/validate", null,
              new LabelSelectorBuilder().addToMatchLabels("bench-setup", label)
                  .addToMatchLabels("bench-replica", Integer.toString(replica)).build(),
              "Fail", 30)).create();
          serves.add(serve.start(Duration.ofSeconds(120)));
          webhooks.computeIfAbsent(setup, s -> new ArrayList<>()).add(serve.pid());
        }
      }
      try {
        Map<String, ProcessHandle> servers = servers(webhooks);
        for (Map.Entry<String, ProcessHandle> server : servers.entrySet()) {
          System.out.printf(Locale.ROOT, "%-16s pid %d, CPUs %s%n", server.getKey(), server.getValue().pid(),
              cpusAllowed(server.getValue().pid()));
        }
        System.out.printf(Locale.ROOT, "%-16s pid %d, CPUs %s%n", "load driver", ProcessHandle.current().pid(),
            cpusAllowed(ProcessHandle.current().pid()));
        run(kube, admin, servers);
      } finally {
        for (AutoCloseable serve : serves) {
          serve.close();
        }
      }
    }
  }

  /** The server processes by name: the kube-apiserver, etcd and every webhook process. */
  private static Map<String, ProcessHandle> servers(Map<Setup, List<Long>> webhooks) {
    Map<String, ProcessHandle> servers = new LinkedHashMap<>();
    ProcessHandle.current().descendants().forEach(p -> p.info().command().ifPresent(c -> {
      if (c.endsWith("/kube-apiserver")) {
        servers.put(APISERVER, p);
      } else if (c.endsWith("/etcd")) {
        servers.put(ETCD, p);
      }
    }));
    webhooks.forEach((setup, pids) -> {
      for (int i = 0; i < pids.size(); i++) {
        servers.put(setup + "-" + (i + 1), ProcessHandle.of(pids.get(i)).orElseThrow());
      }
    });
    if (!servers.containsKey(APISERVER) || !servers.containsKey(ETCD)) {
      throw new IllegalStateException("cannot find the kube-apiserver and etcd processes among " + servers.keySet());
    }
    return servers;
  }

  private static String cpusAllowed(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("Cpus_allowed_list:")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("?");
    } catch (java.io.IOException e) {
      return "? (" + e.getMessage() + ")";
    }
  }

  private static void taskset(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("taskset"));
    command.addAll(List.of(args));
    Process taskset;
    try {
      taskset = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("-Dbench.pin=true needs taskset (util-linux) on the PATH: " + e.getMessage(), e);
    }
    String out = new String(taskset.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static void run(KubeApiServer kube, KubernetesClient admin, Map<String, ProcessHandle> servers)
      throws Exception {
    List<KubernetesClient> pools = new ArrayList<>();
    for (int i = 0; i < CONNECTION_POOLS; i++) {
      // fabric8 allows 5 requests per host by default: every client thread must have its own request in flight.
      Config config = new ConfigBuilder(Config.fromKubeconfig(kube.kubeconfig()))
          .withMaxConcurrentRequestsPerHost(CLIENTS).withMaxConcurrentRequests(CLIENTS).build();
      pools.add(new KubernetesClientBuilder().withConfig(config).build());
    }
    try {
      // Warm-up: one short phase per setup (JIT in the API server, the clients and both webhooks).
      for (Setup setup : SETUPS) {
        phase(pools, setup, "warm", Duration.ofSeconds(10), servers);
        clean(admin, setup);
      }
      Map<Setup, List<Phase>> results = new LinkedHashMap<>();
      for (int round = 0; round < ROUNDS; round++) {
        for (Setup setup : SETUPS) {
          Phase phase = phase(pools, setup, "r" + round, PHASE, servers);
          results.computeIfAbsent(setup, s -> new ArrayList<>()).add(phase);
          System.out.printf(Locale.ROOT, "round %d %-14s %7.1f creates/s  p50 %6.1f ms  p99 %6.1f ms  (%d creates, %d errors)"
              + "  server CPU %.2f ms/create%n", round, setup, phase.createsPerSecond(), phase.p50Millis(), phase.p99Millis(),
              phase.creates(), phase.errors(), phase.cpuMillisPerCreate());
          clean(admin, setup);
        }
      }
      report(results);
    } finally {
      pools.forEach(KubernetesClient::close);
    }
  }

  /** CLIENTS threads create routes back to back for {@code length}; latencies as the clients see them. */
  private static Phase phase(List<KubernetesClient> pools, Setup setup, String tag, Duration length,
      Map<String, ProcessHandle> servers) throws InterruptedException {
    Map<String, Duration> cpuBefore = cpu(servers);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger errors = new AtomicInteger();
    long[][] latencies = new long[CLIENTS][];
    int[] counts = new int[CLIENTS];
    List<Thread> threads = new ArrayList<>();
    long[] window = new long[2];
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      threads.add(Thread.ofPlatform().start(() -> {
        KubernetesClient kube = pools.get(client % pools.size());
        String namespace = setup.namespace(client % NAMESPACES_PER_SETUP);
        long[] mine = new long[4096];
        int n = 0;
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        long end = window[1];
        while (System.nanoTime() < end) {
          String name = tag + "-c" + client + "-" + n;
          HTTPRoute route = new HTTPRouteBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
              .withNewSpec().withHostnames(name + "." + setup.name().toLowerCase(Locale.ROOT) + ".bench.example")
              .endSpec().build();
          long start = System.nanoTime();
          try {
            kube.resource(route).create();
          } catch (KubernetesClientException e) {
            errors.incrementAndGet();
            continue;
          }
          if (n == mine.length) {
            mine = Arrays.copyOf(mine, n * 2);
          }
          mine[n++] = System.nanoTime() - start;
        }
        latencies[client] = mine;
        counts[client] = n;
      }));
    }
    window[0] = System.nanoTime();
    window[1] = window[0] + length.toNanos();
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - window[0]) / 1e9;
    Map<String, Duration> cpuAfter = cpu(servers);
    Map<String, Double> cpuMillis = new LinkedHashMap<>();
    cpuAfter.forEach((name, after) -> cpuMillis.put(name, after.minus(cpuBefore.get(name)).toNanos() / 1e6));
    // What a create costs the servers: the API server, etcd and the webhooks the setup registered.
    double cpu = cpuMillis.entrySet().stream().filter(e -> e.getKey().equals(APISERVER) || e.getKey().equals(ETCD)
        || e.getKey().startsWith(setup + "-")).mapToDouble(Map.Entry::getValue).sum();
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < CLIENTS; c++) {
      System.arraycopy(latencies[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    return new Phase(total / seconds, percentile(all, 0.50), percentile(all, 0.99), total, errors.get(),
        total == 0 ? Double.NaN : cpu / total, cpuMillis);
  }

  /** CPU time so far of each server process (from {@code /proc}). */
  private static Map<String, Duration> cpu(Map<String, ProcessHandle> servers) {
    Map<String, Duration> cpu = new LinkedHashMap<>();
    servers.forEach((name, process) -> cpu.put(name, process.info().totalCpuDuration().orElseThrow(
        () -> new IllegalStateException("no CPU time for " + name + " (pid " + process.pid() + ")"))));
    return cpu;
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static void clean(KubernetesClient admin, Setup setup) {
    for (int i = 0; i < NAMESPACES_PER_SETUP; i++) {
      admin.resources(HTTPRoute.class).inNamespace(setup.namespace(i)).delete();
    }
    admin.genericKubernetesResources(RESERVATIONS).delete();
  }

  private static void report(Map<Setup, List<Phase>> results) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%d clients (%d connection pools), %d rounds of %d s per setup, medians:%n%n",
        CLIENTS, CONNECTION_POOLS, ROUNDS, PHASE.toSeconds());
    System.out.println("| setup | creates/s | vs no webhook, median of the rounds' ratios | create p50 ms | create p99 ms"
        + " | creates | errors | server CPU ms/create | vs no webhook |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    List<Phase> floors = results.get(Setup.NONE);
    for (Map.Entry<Setup, List<Phase>> entry : results.entrySet()) {
      Phase median = median(entry.getValue());
      int creates = entry.getValue().stream().mapToInt(Phase::creates).sum();
      int errors = entry.getValue().stream().mapToInt(Phase::errors).sum();
      // Each round's setups ran back to back: their ratio cancels the machine's drift between rounds.
      List<Double> ratios = new ArrayList<>();
      for (int round = 0; round < entry.getValue().size(); round++) {
        ratios.add(entry.getValue().get(round).createsPerSecond() / floors.get(round).createsPerSecond());
      }
      List<Double> sorted = ratios.stream().sorted().toList();
      // CPU per create: all rounds' CPU over all rounds' creates, against the floor's.
      double cpu = cpuPerCreate(entry.getValue());
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f (rounds %s) | %.1f | %.1f | %d | %d | %.2f | %.2f |%n",
          entry.getKey().label, median.createsPerSecond(), sorted.get(sorted.size() / 2),
          ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(), median.p50Millis(),
          median.p99Millis(), creates, errors, cpu, cpu / cpuPerCreate(floors));
    }
    System.out.println();
    System.out.println("CPU ms per create of each server process, all rounds' CPU over all rounds' creates (the dnsguard"
        + " webhooks of other setups only take in the new routes through their informers):");
    System.out.println();
    System.out.println("| setup | kube-apiserver | etcd | own webhooks (each) | other webhooks (mean of each) |");
    System.out.println("|---|---:|---:|---|---:|");
    for (Map.Entry<Setup, List<Phase>> entry : results.entrySet()) {
      Setup setup = entry.getKey();
      List<Phase> phases = entry.getValue();
      List<String> own = phases.getFirst().cpuMillis().keySet().stream().filter(n -> n.startsWith(setup + "-")).toList();
      // Other dnsguard webhooks only: the do-nothing one has no informers, idle it would dilute the mean.
      List<String> others = phases.getFirst().cpuMillis().keySet().stream()
          .filter(n -> !n.equals(APISERVER) && !n.equals(ETCD) && !n.startsWith(setup + "-")
              && !n.startsWith(Setup.NOOP + "-")).toList();
      double otherMean = others.stream().mapToDouble(n -> processPerCreate(phases, n)).average().orElse(Double.NaN);
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %s | %s |%n", setup.label, processPerCreate(phases, APISERVER),
          processPerCreate(phases, ETCD), own.isEmpty() ? "—" : String.join(", ", own.stream()
              .map(n -> String.format(Locale.ROOT, "%s %.2f", n, processPerCreate(phases, n))).toList()),
          others.isEmpty() ? "—" : String.format(Locale.ROOT, "%.2f", otherMean));
    }
    System.out.println();
    for (Map.Entry<Setup, List<Phase>> entry : results.entrySet()) {
      System.out.printf(Locale.ROOT, "%s rounds, creates/s: %s%n", entry.getKey(),
          entry.getValue().stream().map(p -> String.format(Locale.ROOT, "%.1f", p.createsPerSecond())).toList());
    }
  }

  private static double processPerCreate(List<Phase> phases, String process) {
    return phases.stream().mapToDouble(p -> p.cpuMillis().get(process)).sum()
        / phases.stream().mapToInt(Phase::creates).sum();
  }

  private static double cpuPerCreate(List<Phase> phases) {
    return phases.stream().mapToDouble(p -> p.cpuMillisPerCreate() * p.creates()).sum()
        / phases.stream().mapToInt(Phase::creates).sum();
  }

  /** The phase with the median creates/s (its latencies with it). */
  private static Phase median(List<Phase> phases) {
    List<Phase> sorted = phases.stream().sorted((a, b) -> Double.compare(a.createsPerSecond(), b.createsPerSecond())).toList();
    return sorted.get(sorted.size() / 2);
  }
}
