package io.openova.dnsguard.reconciler.process;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.reconciler.Reconciler;
import io.openova.dnsguard.reconciler.bench.RawLoad;
import io.openova.dnsguard.kube.SourceInformers;
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
 * What a user of {@code dnsguard run} meets with a large zone, in one script against one real
 * PowerDNS and kube-apiserver: 50,000 names written as 25 DNSEndpoints back to back until all are
 * served, beside the raw floor (the same records loaded by hand-built serial PATCHes into another
 * zone of the same server) and the API server alone taking the same objects with no reconciler
 * running (nothing can serve a name before its object is stored); then propagation — from an API-server write to PowerDNS answering the
 * new address over DNS — with those names in the zone while 10 other objects change every second;
 * then the reconciler's heap per name and CPU; then the initial sync of all the names by a cold
 * process into the emptied zone. First, process start → 10,000 names served, and that cold process's
 * initial sync beside 10,000 names loaded raw. Appends a section to BENCHMARKS-reconciler.md.
 *
 * <p>Run: {@code mvn -q -f reconciler/pom.xml test-compile exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %classpath
 * io.openova.dnsguard.reconciler.process.PropagationBenchmark 60 50000 BENCHMARKS-reconciler.md"}
 *
 * <p>{@code -Dbench.startOnly=true}: only process start → 10,000 names served ({@code
 * -Dbench.startRounds=N} rounds, default 3), printed with the reconciler's CPU and the load
 * average, nothing appended (a minute instead of ten).
 */
public final class PropagationBenchmark {
  private static final String ZONE = "bench-propagation.test";
  private static final String FLOOR_ZONE = "bench-floor.test";
  private static final String START_FLOOR_ZONE = "bench-floor-start.test";
  private static final String NAMESPACE = "bench";
  private static final String START_ZONE = "bench-start.test";
  private static final String START_NAMESPACE = "bench-start";
  private static final String API_FLOOR_NAMESPACE = "bench-apiserver";
  private static final int START_NAMES = Integer.getInteger("bench.startNames", 10_000);
  private static final int START_ROUNDS = Integer.getInteger("bench.startRounds", 3);
  private static final int PER_OBJECT = 2_000;
  private static final int CHURN_OBJECTS = 20;
  private static final int CHURN_PER_SECOND = 10;
  // -Dbench.only=backToBack: only the floor and the 50k names back to back, printed, nothing appended
  private static final boolean BACK_TO_BACK_ONLY = "backToBack".equals(System.getProperty("bench.only"));

  private PropagationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int hostnames = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    Path output = Path.of(args.length > 2 ? args[2] : "BENCHMARKS-reconciler.md");
    Path dir = Files.createTempDirectory("dnsguard-bench-");
    try (KubeApiServer kube = KubeApiServer.start(List.of(), List.of());
        PowerDnsServer pdns = PowerDnsServer.start(PowerDnsServer.Options.recommended())) {
      KubernetesClient client = kube.client();
      if (Boolean.getBoolean("bench.startOnly")) {
        startOnly(client, pdns, kube.kubeconfig(), dir);
        return;
      }
      pdns.createZone(ZONE);
      pdns.createZone(FLOOR_ZONE);
      RawLoad.load(pdns, FLOOR_ZONE, 1, "floor"); // the server's first write is slow, for both sides
      Map<String, Long> cpuBeforeFloor = cpuByPart(null);
      long startFloor = System.nanoTime();
      int floorPatches = RawLoad.load(pdns, FLOOR_ZONE, hostnames, "floor");
      double floorSeconds = (System.nanoTime() - startFloor) / 1e9;
      String floorCpu = cpuSince(cpuBeforeFloor, null, floorSeconds);
      pdns.createZone(START_FLOOR_ZONE);
      long startFloor10k = System.nanoTime();
      RawLoad.load(pdns, START_FLOOR_ZONE, START_NAMES, "floor");
      double startFloorSeconds = (System.nanoTime() - startFloor10k) / 1e9;

      for (String namespace : List.of(NAMESPACE, START_NAMESPACE, API_FLOOR_NAMESPACE)) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
      Path policy = policy(dir);
      List<Double> startSeconds = new ArrayList<>();
      List<Double> firstSyncSeconds = new ArrayList<>();
      for (int round = 1; round <= START_ROUNDS && !BACK_TO_BACK_ONLY; round++) {
        Started started = startToServed(client, pdns, kube.kubeconfig(), dir, policy, round);
        startSeconds.add(started.seconds());
        firstSyncSeconds.add(started.firstSyncSeconds());
      }
      // The API server alone taking the back-to-back objects, before any reconciler runs: the second
      // of two writes (the first warms it up), each deleted again.
      bulk(client, API_FLOOR_NAMESPACE, hostnames);
      Map<String, Long> cpuBeforeApiFloor = cpuByPart(null);
      double apiFloorSeconds = bulk(client, API_FLOOR_NAMESPACE, hostnames);
      String apiFloorCpu = cpuSince(cpuBeforeApiFloor, null, apiFloorSeconds);
      DnsQuery dns = new DnsQuery(pdns.dnsPort());
      endpoint(client, "probe", List.of(Map.of("dnsName", "probe." + ZONE, "recordType", "A", "targets", List.of("10.0.0.1"))));
      try (RunProcess run = RunProcess.start(dir, "bench", kube.kubeconfig(), pdns, Map.of(), runArgs(
          "--policy-file", policy.toString(), "--no-leader-election", "--domain-filter", ZONE))) {
        LeaderElectionTest.await(Duration.ofSeconds(60), "probe served", () -> dns.answers("probe." + ZONE, "A").size() == 1,
            run::logTail);
        // The same process before the names: started, informers synced, one probe name served.
        Thread.sleep(3_000);
        Heap baseline = heapAfterGc(run, "before the names");

        long cpuBeforeBulk = cpuMillis(run);
        Map<String, Long> partsBeforeBulk = cpuByPart(run);
        String threadsBeforeBulk = BACK_TO_BACK_ONLY ? threadCpu(run) : "";
        long startBulk = System.nanoTime();
        java.time.Instant bulkStarted = java.time.Instant.now();
        writeBulk(client, NAMESPACE, hostnames);
        double writeSeconds = (System.nanoTime() - startBulk) / 1e9;
        List<String> lastOfEach = new ArrayList<>();
        for (int o = 0; o * PER_OBJECT < hostnames; o++) {
          lastOfEach.add("h%05d.%s".formatted(Math.min(hostnames, (o + 1) * PER_OBJECT) - 1, ZONE));
        }
        LeaderElectionTest.await(Duration.ofMinutes(5), "the last name of every object served",
            () -> lastOfEach.stream().allMatch(name -> !dns.answers(name, "A").isEmpty()), run::logTail);
        double bulkSeconds = (System.nanoTime() - startBulk) / 1e9;
        long bulkCpu = cpuMillis(run) - cpuBeforeBulk;
        String bulkPartsCpu = cpuSince(partsBeforeBulk, run, bulkSeconds);
        String cpuAccount = "CPU by process (s; each of the machine's cores gives 1 s of CPU per second): the floor "
            + floorCpu + "; the API server alone " + apiFloorCpu + "; back to back " + bulkPartsCpu;
        if (BACK_TO_BACK_ONLY) {
          System.out.printf("back to back: %.2f s vs floor %.2f s (%.2f×; objects written in %.2f s, by the API server alone in"
              + " %.2f s), reconciler CPU %.1f s, load average %s; started %s, log %s%n", bulkSeconds, floorSeconds,
              bulkSeconds / floorSeconds, writeSeconds, apiFloorSeconds, bulkCpu / 1e3,
              Files.readString(Path.of("/proc/loadavg")).strip(), bulkStarted, run.log);
          System.out.println("  reconciler CPU by thread since start, before: " + threadsBeforeBulk + "\n  after: " + threadCpu(run));
          System.out.println("  " + cpuAccount);
          return;
        }

        List<Long> micros;
        Churn churn = new Churn(client);
        Thread churner = Thread.ofPlatform().name("churn").start(churn);
        long cpuBeforeChurn = cpuMillis(run);
        long startChurn = System.nanoTime();
        try {
          micros = propagation(client, dns, changes);
        } finally {
          churn.stop = true;
          churner.join();
        }
        double churnSeconds = (System.nanoTime() - startChurn) / 1e9;
        long churnCpu = cpuMillis(run) - cpuBeforeChurn;
        int churnWrites = churn.writes;
        micros.sort(null);
        double p50 = micros.get(micros.size() / 2) / 1000.0;
        double p99 = micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000.0;
        double max = micros.getLast() / 1000.0;
        Thread.sleep(3_000);
        List<Heap> heaps = settledHeaps(run, "with the names synced");
        Heap synced = heaps.getFirst();
        synced.printGrowthOver(baseline);
        long heapBytes = synced.usedBytes();
        long largestBytes = heaps.getLast().usedBytes();
        long baselineBytes = baseline.usedBytes();

        // The initial sync of every name by a cold process: the same objects, the zone emptied.
        run.close();
        pdns.api("DELETE", "/api/v1/servers/localhost/zones/" + ZONE + ".", null);
        pdns.createZone(ZONE);
        long startCold = System.nanoTime();
        double coldSeconds;
        double coldSyncSeconds;
        try (RunProcess cold = RunProcess.start(dir, "cold-" + hostnames, kube.kubeconfig(), pdns, Map.of(), runArgs(
            "--policy-file", policy.toString(), "--no-leader-election", "--domain-filter", ZONE))) {
          LeaderElectionTest.await(Duration.ofMinutes(5), "every name served by a cold process",
              () -> lastOfEach.stream().allMatch(name -> !dns.answers(name, "A").isEmpty()), cold::logTail);
          coldSeconds = (System.nanoTime() - startCold) / 1e9;
          coldSyncSeconds = firstFullSync(cold);
        }

        String section = """

            ## A large zone: 50k names back to back, propagation under churn, heap (dnsguard run, one script)

            Command: `mvn -q -f reconciler/pom.xml test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %%classpath io.openova.dnsguard.reconciler.process.PropagationBenchmark %d %d BENCHMARKS-reconciler.md"`
            (a real kube-apiserver and PowerDNS 4.7 with `default-api-rectify=no`; `dnsguard run` as its own JVM, `-Xmx512m
            -XX:+UseSerialGC %s`, `--debounce 1s` default%s; 2 cores shared with the API server, etcd and PowerDNS).

            | measure | floor | dnsguard | ratio | target |
            |---|---:|---:|---:|---|
            | %,d names (A + TXT) as %d DNSEndpoints back to back, until every object's names are served | %.2f s (%d raw PATCHes ≤ 1 MB into another zone of the same server); the API server alone taking the same objects, no reconciler running: %.2f s | %.2f s (the objects written in %.2f s) | %.2f (%.2f over the API server alone) | ≤ 2 × floor |
            | propagation: DNSEndpoint target edit → new address answered over DNS, %,d names in the zone, %d other objects changed per second; %d changes 200–500 ms apart (5 warm-up not counted) | — | p50 %.0f ms, p99 %.0f ms, max %.0f ms | — | p99 ≤ 200 ms |
            | reconciler heap after a full GC (jcmd GC.run, GC.heap_info), with the names synced, the smallest of three 5 s apart (the largest: %.1f MB, a resync holding a second copy of the zone); floor: the same process before the names (started, informers synced, one probe name) | %.1f MB | %.1f MB: %.0f B per name over the floor (%.0f B per name in all) | — | ≤ 400 B per name over the floor |
            | process start → all %,d names of %d DNSEndpoints served (fresh zone, cold `dnsguard run`), median of %d | — | %.2f s (rounds: %s) | — | ≤ 2.5 s |
            | initial sync of those %,d names in the cold process (its first full sync as logged: zone read, decide, plan, every PATCH) vs %,d raw PATCHed names into a fresh zone, median of %d | %.2f s | %.2f s (rounds: %s) | %.2f | ≤ 1.3 × floor |
            | initial sync of all %,d names (the objects above, the zone emptied) by another cold process: its first full sync; process start → all served in brackets | %.2f s | %.2f s (%.2f s) | %.2f | ≤ 1.3 × floor |

            Reconciler CPU (utime + stime of its process, all threads): %.1f s during the back-to-back writes; %.1f s
            over %.1f s of propagation under churn (%d probe edits + %d churn writes), i.e. %.0f ms per object write.

            %s.
            """.formatted(changes, hostnames, jvmOptions(), runArgs().isEmpty() ? "" : ", `" + String.join(" ", runArgs()) + "`",
            hostnames, (hostnames + PER_OBJECT - 1) / PER_OBJECT, floorSeconds, floorPatches, apiFloorSeconds,
            bulkSeconds, writeSeconds, bulkSeconds / floorSeconds, bulkSeconds / apiFloorSeconds, hostnames, CHURN_PER_SECOND, micros.size(), p50, p99, max,
            largestBytes / 1e6, baselineBytes / 1e6, heapBytes / 1e6, (double) (heapBytes - baselineBytes) / hostnames,
            (double) heapBytes / hostnames, START_NAMES, START_NAMES / PER_OBJECT, START_ROUNDS,
            median(startSeconds), startSeconds.stream().map(x -> "%.2f".formatted(x)).toList(),
            START_NAMES, START_NAMES, START_ROUNDS, startFloorSeconds, median(firstSyncSeconds),
            firstSyncSeconds.stream().map(x -> "%.2f".formatted(x)).toList(), median(firstSyncSeconds) / startFloorSeconds,
            hostnames, floorSeconds, coldSyncSeconds, coldSeconds, coldSyncSeconds / floorSeconds,
            bulkCpu / 1e3, churnCpu / 1e3, churnSeconds, changes + 5, churnWrites,
            (double) churnCpu / (changes + 5 + churnWrites), cpuAccount);
        Files.writeString(output, section, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        System.out.println(section);
      }
    }
  }

  /** Edits the probe's target {@code changes + 5} times and times each until DNS answers the new address. */
  private static List<Long> propagation(KubernetesClient client, DnsQuery dns, int changes) throws InterruptedException {
    Random random = new Random(1);
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < changes + 5; i++) {
      String ip = "10.255." + (i / 250) + "." + (i % 250 + 1);
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
    return micros;
  }

  /** {@value #CHURN_PER_SECOND} object writes a second over {@value #CHURN_OBJECTS} one-name DNSEndpoints. */
  private static final class Churn implements Runnable {
    private final KubernetesClient client;
    volatile boolean stop;
    volatile int writes;

    Churn(KubernetesClient client) {
      this.client = client;
    }

    @Override
    public void run() {
      long period = 1_000_000_000L / CHURN_PER_SECOND;
      long next = System.nanoTime();
      for (int i = 0; !stop; i++) {
        int k = i % CHURN_OBJECTS;
        String name = "churn-" + k;
        String dnsName = name + "." + ZONE;
        String ip = "10.254." + (i / 250 % 250) + "." + (i % 250 + 1);
        if (i < CHURN_OBJECTS) {
          endpoint(client, name, List.of(Map.of("dnsName", dnsName, "recordType", "A", "targets", List.of(ip))));
        } else {
          client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(NAMESPACE).withName(name)
              .edit(e -> withTarget(e, dnsName, ip));
        }
        writes = i + 1;
        next += period;
        java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
      }
    }
  }

  private static GenericKubernetesResource withTarget(GenericKubernetesResource e, String dnsName, String ip) {
    e.getAdditionalProperties().put("spec", Map.of("endpoints", List.of(
        Map.of("dnsName", dnsName, "recordType", "A", "targets", List.of(ip)))));
    return e;
  }

  /** The benchmark's policy: the propagation zone for its namespace, the start-up zone for its own. */
  private static Path policy(Path dir) throws java.io.IOException {
    return Files.writeString(dir.resolve("policy.yaml"), """
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
            - suffix: %s
              namespaces: [%s]
        """.formatted(ZONE, NAMESPACE, START_ZONE, START_NAMESPACE));
  }

  /** The reconciler's JVM options as the benchmark's child gets them: dnsguard's, then {@code -Dbench.runJvmOptions}. */
  private static String jvmOptions() {
    return (String.join(" ", Reconciler.javaOptions(Runtime.version().feature(), System.getProperty("bench.runJvmOptions", ""))) + " " + System.getProperty("bench.runJvmOptions", "")).strip();
  }

  /** The benchmark's arguments for a {@code dnsguard run}, then {@code -Dbench.runArgs} (e.g. {@code --source crd}). */
  private static List<String> runArgs(String... own) {
    List<String> args = new ArrayList<>(List.of(own));
    String extra = System.getProperty("bench.runArgs", "").strip();
    if (!extra.isEmpty()) {
      args.addAll(List.of(extra.split("\\s+")));
    }
    return args;
  }

  /** Only the start-up rounds, each printed with the reconciler's CPU and the load average. */
  private static void startOnly(KubernetesClient client, PowerDnsServer pdns, String kubeconfig, Path dir)
      throws Exception {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(START_NAMESPACE).endMetadata().build())
        .create();
    Path policy = policy(dir);
    // -Dbench.startVariants="label;launcher-or-classpath;jvm options;run arguments|...": rounds alternate over
    // them, each a ./dnsguard launcher (a path ending in dnsguard) or a product classpath; none: the test
    // classpath. Run arguments (e.g. "--source crd") come after the benchmark's own; none: -Dbench.runArgs.
    String runArgs = System.getProperty("bench.runArgs", "");
    List<String[]> variants = new ArrayList<>();
    for (String variant : System.getProperty("bench.startVariants", "test classpath;;").split("\\|")) {
      variants.add((variant + ";;;").split(";", -1));
    }
    pdns.createZone(START_FLOOR_ZONE);
    RawLoad.load(pdns, START_FLOOR_ZONE, 1, "warm-up"); // the server's first write is slow, for both sides
    long startFloor = System.nanoTime();
    RawLoad.load(pdns, START_FLOOR_ZONE, START_NAMES, "floor");
    System.out.printf("floor: %,d names PATCHed raw in %.2f s%n", START_NAMES, (System.nanoTime() - startFloor) / 1e9);
    Map<String, List<Double>> seconds = new java.util.LinkedHashMap<>();
    int round = 0;
    for (int r = 1; r <= START_ROUNDS; r++) {
      for (String[] variant : variants) {
        String how = variant[1].strip();
        System.setProperty("bench.runLauncher", how.endsWith("dnsguard") ? how : "");
        System.setProperty("bench.runClasspath", how.endsWith("dnsguard") ? "" : how);
        System.setProperty("bench.runJvmOptions", variant[2].strip());
        System.setProperty("bench.runArgs", variant[3].isBlank() ? runArgs : variant[3].strip());
        System.out.print("[" + variant[0] + "] ");
        Started started = startToServed(client, pdns, kubeconfig, dir, policy, ++round);
        System.out.printf("  first full sync %.2f s%n", started.firstSyncSeconds());
        seconds.computeIfAbsent(variant[0], k -> new ArrayList<>()).add(started.seconds());
      }
    }
    seconds.forEach((label, times) -> System.out.printf(
        "[%s] process start → all %,d names served: median %.2f s (rounds: %s)%n", label, START_NAMES,
        median(times), times.stream().map(x -> "%.2f".formatted(x)).toList()));
    System.out.println("logs in " + dir);
  }

  /**
   * Process start → every name served: the start names (10,000; {@code -Dbench.startNames}) already
   * in the cluster as DNSEndpoints of {@value #PER_OBJECT}, a fresh zone, a cold {@code dnsguard run}; timed from
   * before the process is launched until the last name of every object answers over DNS. The
   * objects are deleted afterwards (they would weigh on the large-zone run's heap).
   */
  private static Started startToServed(KubernetesClient client, PowerDnsServer pdns, String kubeconfig, Path dir,
      Path policy, int round) throws Exception {
    String zone = "r" + round + "." + START_ZONE;
    pdns.createZone(zone);
    DnsQuery dns = new DnsQuery(pdns.dnsPort());
    List<String> lastOfEach = new ArrayList<>();
    for (int o = 0; o * PER_OBJECT < START_NAMES; o++) {
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (int i = 0; i < PER_OBJECT; i++) {
        int n = o * PER_OBJECT + i;
        endpoints.add(Map.of("dnsName", "s%05d.%s".formatted(n, zone), "recordType", "A", "targets", List.of(RawLoad.ip(n))));
      }
      endpoint(client, START_NAMESPACE, "start-" + round + "-" + o, endpoints);
      lastOfEach.add("s%05d.%s".formatted(o * PER_OBJECT + PER_OBJECT - 1, zone));
    }
    long start = System.nanoTime();
    try (RunProcess run = RunProcess.start(dir, "start-" + round, kubeconfig, pdns, Map.of(), runArgs(
        "--policy-file", policy.toString(), "--no-leader-election", "--domain-filter", zone))) {
      LeaderElectionTest.await(Duration.ofMinutes(2), "every start object's last name served",
          () -> lastOfEach.stream().allMatch(name -> !dns.answers(name, "A").isEmpty()), run::logTail);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("start round %d: %.2f s to all served, reconciler CPU %.2f s, load average %s%n", round, seconds,
          cpuMillis(run) / 1e3, Files.readString(Path.of("/proc/loadavg")).strip());
      if (Boolean.getBoolean("bench.startOnly")) {
        System.out.println("  CPU by thread: " + threadCpu(run));
      }
      return new Started(seconds, firstFullSync(run));
    } finally {
      client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(START_NAMESPACE).delete();
    }
  }

  /** Process start → every name served, and the process's first full sync as it logged it. */
  private record Started(double seconds, double firstSyncSeconds) {}

  /** The first full sync's wall time from the process's log ("zone …: applied N changes in W ms (full sync, …)"). */
  private static double firstFullSync(RunProcess run) throws Exception {
    java.util.regex.Pattern line = java.util.regex.Pattern.compile("applied \\d+ changes in (\\d+) ms \\(full sync");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    do { // the names answer as soon as the last PATCH is in; the line is logged just after
      java.util.regex.Matcher applied = line.matcher(Files.readString(run.log));
      if (applied.find()) {
        return Integer.parseInt(applied.group(1)) / 1e3;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException("no full sync in " + run.log);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** The threads that used the most CPU so far, summed by name without digits (e.g. "C2 CompilerThre"), from /proc. */
  private static String threadCpu(RunProcess run) throws java.io.IOException {
    Map<String, Long> byName = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(run.pid()), "task"))) {
      for (Path task : tasks.toList()) {
        String stat = Files.readString(task.resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("(?<=[^C0-9])[0-9]+", "#");
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        byName.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10, Long::sum);
      }
    }
    return byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
        .map(e -> e.getKey() + " " + e.getValue() + " ms").collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * CPU used so far by each process on the two cores during a measurement: this benchmark's JVM (the
   * client writing the objects), the API server, etcd, PowerDNS and, when given, the reconciler.
   */
  private static Map<String, Long> cpuByPart(@org.jspecify.annotations.Nullable RunProcess run) {
    Map<String, Long> parts = new java.util.LinkedHashMap<>();
    parts.put("benchmark client", cpuMillis(ProcessHandle.current().pid()));
    ProcessHandle.current().descendants().forEach(process -> process.info().command().ifPresent(command -> {
      String name = Path.of(command).getFileName().toString();
      String part = name.equals("kube-apiserver") ? "API server" : name.equals("etcd") ? "etcd"
          : name.startsWith("pdns_server") ? "PowerDNS" : null;
      long used = cpuMillis(process.pid());
      if (part != null && used >= 0) {
        parts.merge(part, used, Long::sum);
      }
    }));
    if (run != null) {
      parts.put("reconciler", cpuMillis(run.pid()));
    }
    return parts;
  }

  /** Each part's CPU since {@code before}, their sum, and the sum over {@code seconds} on the machine's cores. */
  private static String cpuSince(Map<String, Long> before, @org.jspecify.annotations.Nullable RunProcess run, double seconds) {
    Map<String, Long> now = cpuByPart(run);
    long sum = 0;
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Long> part : now.entrySet()) {
      long used = part.getValue() - before.getOrDefault(part.getKey(), 0L);
      sum += used;
      out.append(out.isEmpty() ? "" : ", ").append(part.getKey()).append(' ').append("%.2f".formatted(used / 1e3));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return "%s (sum %.2f s in %.2f s: %.0f %% of %d cores)".formatted(out, sum / 1e3, seconds,
        100 * sum / 1e3 / seconds / cores, cores);
  }

  private static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // utime, stime; USER_HZ 100
    } catch (java.io.IOException gone) {
      return -1; // the process ended: not counted
    }
  }

  /** CPU time (user + system) the process has used so far, from /proc (Linux). */
  private static long cpuMillis(RunProcess run) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(run.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  /** The back-to-back objects: {@code hostnames} names, {@value #PER_OBJECT} to a DNSEndpoint, created one after another. */
  private static void writeBulk(KubernetesClient client, String namespace, int hostnames) {
    for (int o = 0; o * PER_OBJECT < hostnames; o++) {
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (int i = 0; i < PER_OBJECT && o * PER_OBJECT + i < hostnames; i++) {
        int n = o * PER_OBJECT + i;
        endpoints.add(Map.of("dnsName", "h%05d.%s".formatted(n, ZONE), "recordType", "A",
            "targets", List.of(RawLoad.ip(n))));
      }
      endpoint(client, namespace, "bulk-" + o, endpoints);
    }
  }

  /** Seconds the API server takes for {@link #writeBulk} into {@code namespace}; the objects are deleted after. */
  private static double bulk(KubernetesClient client, String namespace, int hostnames) throws InterruptedException {
    long start = System.nanoTime();
    writeBulk(client, namespace, hostnames);
    double seconds = (System.nanoTime() - start) / 1e9;
    client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(namespace).delete();
    LeaderElectionTest.await(Duration.ofMinutes(2), "the API server's floor objects deleted",
        () -> client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(namespace).list().getItems()
            .isEmpty(), () -> "");
    System.out.printf("the API server alone: %d objects written in %.2f s%n", (hostnames + PER_OBJECT - 1) / PER_OBJECT,
        seconds);
    return seconds;
  }

  private static void endpoint(KubernetesClient client, String name, List<Map<String, Object>> endpoints) {
    endpoint(client, NAMESPACE, name, endpoints);
  }

  private static void endpoint(KubernetesClient client, String namespace, String name, List<Map<String, Object>> endpoints) {
    client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(namespace).resource(
        new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
            .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("endpoints", endpoints))).build()).create();
  }

  /** The heap used after a full GC, and its class histogram (bytes by class name). */
  record Heap(long usedBytes, Map<String, Long> bytesByClass) {
    /** The classes whose bytes grew most since {@code before}: what the names cost, for the log. */
    void printGrowthOver(Heap before) {
      System.out.printf("heap growth: %.1f MB -> %.1f MB; classes that grew most:%n", before.usedBytes() / 1e6,
          usedBytes() / 1e6);
      bytesByClass.entrySet().stream()
          .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesByClass().getOrDefault(e.getKey(), 0L)))
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
          .forEach(e -> System.out.printf("  %,12d B  %s%n", e.getValue(), e.getKey()));
    }
  }

  /**
   * Three heaps after a full GC, 5 s apart, smallest first: the smallest is the reconciler's steady
   * state. A periodic resync holds a second copy of each zone while it reads it again (read ahead 5 s
   * before, compared with the cached copy): a measure that falls then counts the zone twice.
   */
  static List<Heap> settledHeaps(RunProcess run, String label) throws Exception {
    List<Heap> heaps = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Heap heap = heapAfterGc(run, label + " (" + i + " of 3)");
      System.out.printf("heap %s (%d of 3): %.1f MB%n", label, i, heap.usedBytes() / 1e6);
      heaps.add(heap);
      Thread.sleep(i < 3 ? 5_000 : 0);
    }
    heaps.sort(java.util.Comparator.comparingLong(Heap::usedBytes));
    return heaps;
  }

  /** Heap used after a full GC via jcmd on the child JVM; the top of its class histogram printed under {@code label}. */
  static Heap heapAfterGc(RunProcess run, String label) throws Exception {
    long pid = run.pid();
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    // The serial collector leaves up to 5 % of dead space uncompacted (filler arrays in the histogram,
    // 13 MB at 50k names) except at every 4th full GC: four in a row give one that compacts whole.
    for (int i = 0; i < 4; i++) {
      new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }
    Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
    String text = new String(info.getInputStream().readAllBytes());
    info.waitFor(30, TimeUnit.SECONDS);
    // What holds the heap, for the log (the largest classes after the full GCs above).
    Process histogram = new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram", "-all").redirectErrorStream(true)
        .start(); // -all: no further GC, the heap as measured above (with what little died since)
    String classes = new String(histogram.getInputStream().readAllBytes());
    histogram.waitFor(60, TimeUnit.SECONDS);
    System.out.println("class histogram " + label + ":");
    System.out.println(classes.lines().limit(40).collect(java.util.stream.Collectors.joining("\n")));
    // Rows: "   1:   123   4567   java.lang.String (java.base@25)".
    Map<String, Long> bytesByClass = new java.util.HashMap<>();
    java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)")
        .matcher(classes);
    while (row.find()) {
      bytesByClass.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
    }
    // Serial GC: "DefNew total NK, used NK" and "Tenured total NK, used NK".
    long usedKb = 0;
    java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(text);
    while (used.find()) {
      usedKb += Long.parseLong(used.group(1));
    }
    if (usedKb == 0) {
      throw new IllegalStateException("no heap figures in jcmd GC.heap_info: " + text.strip());
    }
    return new Heap(usedKb * 1024, bytesByClass);
  }
}
