package io.openova.dnsguard.webhook.bench;

import io.helidon.webserver.WebServer;
import io.openova.dnsguard.certs.tls.CertificateSource;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.webhook.DnsFailurePolicy;
import io.openova.dnsguard.webhook.PolicyReviewer;
import io.openova.dnsguard.webhook.WebhookMetrics;
import io.openova.dnsguard.webhook.WebhookServer;
import io.openova.dnsguard.webhook.tls.CertificateReloader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Load driver for the webhook: AdmissionReviews per second and p50/p99 latency over HTTPS
 * keep-alive, with 100k claimed hostnames indexed, side by side in the same JVM with a bare Helidon
 * TLS handler answering a fixed AdmissionReview (the floor). The load comes from wrk (Debian's
 * package), a C driver, so the Java side measured is only the servers. Writes BENCHMARKS-webhook.md.
 *
 * <p>Run: {@code mvn -q -f webhook/pom.xml test-compile exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %classpath io.openova.dnsguard.webhook.bench.AdmissionLoadBenchmark"}
 */
public final class AdmissionLoadBenchmark {
  private static final int NAMES = 100_000;
  private static final int NAMESPACES = 100;
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 8);
  /** Paced phase: each connection waits 1 ms (wrk's delay()) after every answer, about 10,000 reviews/s in all. */
  private static final int PACED_CONNECTIONS = Integer.getInteger("bench.pacedConnections", 16);
  private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 10));
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measureSeconds", 10));
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

  private AdmissionLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    long heapBefore = usedHeapAfterGc();
    ClaimIndex index = new ClaimIndex();
    for (int i = 0; i < NAMES; i++) {
      String ns = "team-" + (i % NAMESPACES);
      ObjectRef ref = new ObjectRef(SourceKind.HTTP_ROUTE, ns, "route-" + i, "uid-" + i,
          Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
      index.put(ref, List.of(Hostname.of("host-" + i + "." + ns + ".example.com")));
    }
    long indexHeap = usedHeapAfterGc() - heapBefore;

    StringBuilder namespaces = new StringBuilder();
    for (int n = 0; n < NAMESPACES; n++) {
      namespaces.append(n == 0 ? "" : ", ").append("team-").append(n);
    }
    Path policyFile = Files.createTempFile("bench-policy", ".yaml");
    Files.writeString(policyFile, """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: bench}
        spec:
          ownerId: bench
          domains:
            - suffix: example.com
              namespaces: [%s]
        """.formatted(namespaces));
    PolicyEvaluator evaluator = new PolicyEvaluator(PolicyLoader.load(policyFile));
    var certificates = CertificateIssuer.create(Clock.systemUTC())
        .issueAll(ServingIdentity.of("dnsguard-webhook", "dnsguard").withIpAddresses(List.of("127.0.0.1")));
    TlsMaterial material = TlsMaterial.of(certificates);

    byte[] fixed = """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"x","allowed":true}}"""
        .getBytes();
    WebServer floor = WebServer.builder().host("127.0.0.1").port(0)
        .tls(CertificateReloader.tls(material))
        .routing(r -> r.post("/validate", (req, res) -> {
          req.content().consume();
          res.header("Content-Type", "application/json").send(fixed);
        }))
        .build().start();
    WebhookServer webhook = WebhookServer.start("127.0.0.1", 0, 0, CertificateSource.fixed(material),
        new PolicyReviewer(() -> evaluator, index, DnsView.EMPTY, DnsFailurePolicy.FAIL),
        new HealthState(), new WebhookMetrics());

    Path script = Files.writeString(Files.createTempFile("admission", ".lua"), WRK_SCRIPT);
    Path paced = Files.writeString(Files.createTempFile("admission-paced", ".lua"),
        WRK_SCRIPT + "function delay() return 1 end\n");
    try {
      wrk("warm-up", floor.port(), script, CONNECTIONS, WARMUP);
      wrk("warm-up", webhook.tlsPort(), script, CONNECTIONS, WARMUP);
      Phase saturated = phase(floor.port(), webhook.tlsPort(), script, CONNECTIONS);
      Phase atTarget = phase(floor.port(), webhook.tlsPort(), paced, PACED_CONNECTIONS);
      String report = report(saturated, atTarget, indexHeap, index.size());
      System.out.println(report);
      Files.writeString(Path.of("BENCHMARKS-webhook.md"), report);
    } finally {
      webhook.close();
      floor.stop();
    }
  }

  /**
   * Rounds alternating floor and dnsguard, so warm-up and background load fall on both alike. The
   * round pair shown is the one with the median ratio: each pair ran back to back, so the ratio of
   * a pair is steadier than either server's figure across rounds.
   */
  record Phase(List<Result> floor, List<Result> webhook) {
    int medianPair() {
      List<Integer> pairs = new ArrayList<>();
      for (int i = 0; i < floor.size(); i++) {
        pairs.add(i);
      }
      pairs.sort(java.util.Comparator.comparingDouble(this::ratio));
      return pairs.get(pairs.size() / 2);
    }

    double ratio(int pair) {
      return webhook.get(pair).perSecond() / floor.get(pair).perSecond();
    }
  }

  private static Phase phase(int floorPort, int webhookPort, Path script, int connections) throws Exception {
    List<Result> floorRounds = new ArrayList<>();
    List<Result> webhookRounds = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      floorRounds.add(wrk("floor", floorPort, script, connections, MEASURE));
      webhookRounds.add(wrk("dnsguard", webhookPort, script, connections, MEASURE));
    }
    return new Phase(floorRounds, webhookRounds);
  }

  record Result(String name, double perSecond, double p50Millis, double p99Millis, long requests, long errors,
      double cpuMicrosPerRequest) {}

  /**
   * Real AdmissionReview bodies for HTTPRoute CREATEs, one per request: nine in ten claim a new name
   * in the request's own namespace, one in ten a name another namespace owns (the deny path).
   */
  static final String WRK_SCRIPT = """
      local n = 0
      local thread_id = 0
      local counter = 1
      function setup(thread) thread:set("id", counter); counter = counter + 1 end
      function init(args) thread_id = id end
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/json"
      request = function()
        n = n + 1
        local i = thread_id * 10000000 + n
        local ns = "team-" .. (i % 100)
        local host
        if n % 10 == 0 then
          local owned = (i + 1) % 100000
          host = "host-" .. owned .. ".team-" .. (owned % 100) .. ".example.com"
        else
          host = "new-" .. i .. "." .. ns .. ".example.com"
        end
        local body = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"' .. i ..
          '","kind":{"group":"gateway.networking.k8s.io","version":"v1","kind":"HTTPRoute"},' ..
          '"resource":{"group":"gateway.networking.k8s.io","version":"v1","resource":"httproutes"},' ..
          '"namespace":"' .. ns .. '","name":"r-' .. i .. '","operation":"CREATE","userInfo":{"username":"bench"},' ..
          '"object":{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"r-' .. i ..
          '","namespace":"' .. ns .. '","labels":{"app":"shop"}},"spec":{"parentRefs":[{"name":"gw","namespace":"infra"}],' ..
          '"hostnames":["' .. host .. '"],"rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/"}}],' ..
          '"backendRefs":[{"name":"svc","port":80}]}]}},"oldObject":null,"dryRun":false}}'
        return wrk.format(nil, "/validate", nil, body)
      end
      done = function(summary, latency, requests)
        io.write(string.format("RESULT %d %d %.3f %.3f %.1f\\n", summary.requests,
          summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
          latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1000000))
      end
      """;

  /** One wrk run (a C load generator: cheap on the shared CPUs) over HTTPS keep-alive connections. */
  static Result wrk(String name, int port, Path script, int connections, Duration duration) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    Process wrk = new ProcessBuilder("wrk", "-t", "1", "-c", Integer.toString(connections),
        "-d", duration.toSeconds() + "s", "-s", script.toString(), "https://127.0.0.1:" + port + "/validate")
        .redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes());
    if (wrk.waitFor() != 0) {
      throw new IllegalStateException("wrk failed: " + output);
    }
    String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no RESULT line from wrk: " + output));
    String[] f = line.split(" ");
    long requests = Long.parseLong(f[1]);
    double seconds = Double.parseDouble(f[5]);
    double cpuMicros = (os.getProcessCpuTime() - cpuBefore) / 1000.0 / requests;
    return new Result(name, requests / seconds, Double.parseDouble(f[3]), Double.parseDouble(f[4]), requests,
        Long.parseLong(f[2]), cpuMicros);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return memory.getUsed();
  }

  private static String report(Phase saturated, Phase paced, long indexHeap, int indexed) {
    int pair = saturated.medianPair();
    Result floor = saturated.floor().get(pair);
    Result webhook = saturated.webhook().get(pair);
    int pacedPair = paced.medianPair();
    return String.format(Locale.ROOT, """
        ## Webhook admission load

        Command: `mvn -q -f webhook/pom.xml test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %%classpath io.openova.dnsguard.webhook.bench.AdmissionLoadBenchmark"`
        (needs `wrk`; both servers and the claim index in one JVM, wrk with 1 thread on the same two cores;
        a %d s warm-up of each, then %d rounds of %d s alternating floor and dnsguard per phase; the round pair
        with the median ratio is shown).

        **Saturated** (%d keep-alive HTTPS connections sending back to back: the most each server answers):

        | server | reviews/s | p50 ms | p99 ms | server CPU µs/review | requests | errors |
        |---|---:|---:|---:|---:|---:|---:|
        %s
        %s

        Throughput ratio dnsguard / floor: **%.2f** (median of the rounds: %s). Server CPU per review: floor %.1f µs, dnsguard %.1f µs.

        **Paced** (%d connections, each waiting 1 ms after every answer: about the 10,000 reviews/s target,
        latency without the saturated phase's queue):

        | server | reviews/s | p50 ms | p99 ms | server CPU µs/review | requests | errors |
        |---|---:|---:|---:|---:|---:|---:|
        %s
        %s

        Rounds, p99 ms: floor %s; dnsguard %s.

        Heap held by the claim index at %,d names: %,d bytes (%.0f bytes/name).
        """, WARMUP.toSeconds(), ROUNDS, MEASURE.toSeconds(), CONNECTIONS,
        row("floor: bare Helidon TLS handler, fixed AdmissionReview", floor),
        row("dnsguard webhook, " + String.format(Locale.ROOT, "%,d", indexed) + " claimed names indexed", webhook),
        saturated.ratio(pair), ratios(saturated), floor.cpuMicrosPerRequest(),
        webhook.cpuMicrosPerRequest(), PACED_CONNECTIONS,
        row("floor", paced.floor().get(pacedPair)), row("dnsguard webhook", paced.webhook().get(pacedPair)),
        paced.floor().stream().map(r -> String.format(Locale.ROOT, "%.2f", r.p99Millis())).toList(),
        paced.webhook().stream().map(r -> String.format(Locale.ROOT, "%.2f", r.p99Millis())).toList(),
        indexed, indexHeap, (double) indexHeap / indexed);
  }

  private static String row(String name, Result r) {
    return String.format(Locale.ROOT, "| %s | %.0f | %.3f | %.3f | %.1f | %d | %d |", name, r.perSecond(),
        r.p50Millis(), r.p99Millis(), r.cpuMicrosPerRequest(), r.requests(), r.errors());
  }

  /** dnsguard / floor reviews per second of each round pair. */
  private static List<String> ratios(Phase phase) {
    List<String> ratios = new ArrayList<>();
    for (int i = 0; i < phase.floor().size(); i++) {
      ratios.add(String.format(Locale.ROOT, "%.2f", phase.ratio(i)));
    }
    return ratios;
  }
}
