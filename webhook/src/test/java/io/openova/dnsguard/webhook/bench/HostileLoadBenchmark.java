package io.openova.dnsguard.webhook.bench;

import io.openova.dnsguard.certs.tls.CertificateSource;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.webhook.DnsFailurePolicy;
import io.openova.dnsguard.webhook.PolicyReviewer;
import io.openova.dnsguard.webhook.WebhookMetrics;
import io.openova.dnsguard.webhook.WebhookServer;
import io.openova.dnsguard.webhook.bench.AdmissionLoadBenchmark.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Valid reviews per second while the webhook is attacked, against the same server undisturbed, in
 * rounds that alternate the two (a ratio in one run; the machine is shared and noisy). The attack:
 * a second wrk sending hostile bodies as fast as it can over 4 connections (100,000-deep arrays,
 * 200,000-digit numbers, duplicate keys, invalid UTF-8, 3 MiB + 1 byte, all refused with a 400),
 * plus 300 TLS connections held open, half of them trickling a header that never ends. The valid
 * load is {@link AdmissionLoadBenchmark}'s (8 keep-alive connections of HTTPRoute CREATEs).
 *
 * <p>Run: {@code mvn -q -f webhook/pom.xml test-compile exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %classpath io.openova.dnsguard.webhook.bench.HostileLoadBenchmark"}
 */
public final class HostileLoadBenchmark {
  private static final int CONNECTIONS = 8;
  private static final int ATTACK_CONNECTIONS = 4;
  private static final int HELD_CONNECTIONS = 300;
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measureSeconds", 10));
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  /** Hostile bodies in turn, one per request; Lua builds them so wrk sends them at C speed. */
  private static final String ATTACK_SCRIPT = """
      local n = 0
      local bodies = {
        string.rep("[", 100000) .. string.rep("]", 100000),
        '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"x":' .. string.rep("1", 200000) .. '}}',
        '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","kind":"AdmissionReview"}',
        '{"apiVersion":"admission.k8s.io/v1","kind":"Admission\\195\\40Review"}',
        string.rep(" ", 3 * 1024 * 1024 + 1),
      }
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/json"
      request = function()
        n = n + 1
        return wrk.format(nil, "/validate", nil, bodies[(n % #bodies) + 1])
      end
      done = function(summary, latency, requests)
        io.write(string.format("RESULT %d %d %.3f %.3f %.1f\\n", summary.requests,
          summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
          latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1000000))
      end
      """;

  private HostileLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.SEVERE); // the 400s are logged at WARNING: not what is measured
    Path policyFile = Files.writeString(Files.createTempFile("bench-policy", ".yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: bench}
        spec:
          ownerId: bench
          domains:
            - suffix: example.com
              namespaces: [%s]
        """.formatted(String.join(", ", java.util.stream.IntStream.range(0, 100).mapToObj(i -> "team-" + i).toList())));
    PolicyEvaluator evaluator = new PolicyEvaluator(PolicyLoader.load(policyFile));
    TlsMaterial material = TlsMaterial.of(CertificateIssuer.create(Clock.systemUTC())
        .issueAll(ServingIdentity.of("dnsguard-webhook", "dnsguard").withIpAddresses(List.of("127.0.0.1"))));
    WebhookServer webhook = WebhookServer.start("127.0.0.1", 0, 0, CertificateSource.fixed(material),
        new PolicyReviewer(() -> evaluator, new ClaimIndex(), DnsView.EMPTY, DnsFailurePolicy.FAIL),
        new HealthState(), new WebhookMetrics());
    Path valid = Files.writeString(Files.createTempFile("admission", ".lua"), AdmissionLoadBenchmark.WRK_SCRIPT);
    Path hostile = Files.writeString(Files.createTempFile("hostile", ".lua"), ATTACK_SCRIPT);
    int port = webhook.tlsPort();
    try {
      AdmissionLoadBenchmark.wrk("warm-up", port, valid, CONNECTIONS, Duration.ofSeconds(10));
      List<Result> normal = new ArrayList<>();
      List<Result> attacked = new ArrayList<>();
      List<Result> attacks = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        normal.add(AdmissionLoadBenchmark.wrk("normal", port, valid, CONNECTIONS, MEASURE));
        try (Attack attack = Attack.start(port, hostile)) {
          attacked.add(AdmissionLoadBenchmark.wrk("attacked", port, valid, CONNECTIONS, MEASURE));
          attacks.add(attack.result());
        }
      }
      String report = report(normal, attacked, attacks);
      System.out.println(report);
      Files.writeString(Path.of("BENCHMARKS-hostile.md"), report);
    } finally {
      webhook.close();
    }
  }

  /** The hostile wrk and the held connections, for as long as one measurement runs. */
  private static final class Attack implements AutoCloseable {
    private final Thread wrk;
    private final List<SSLSocket> held = new ArrayList<>();
    private final Thread trickler;
    private volatile Result result;
    private volatile boolean stop;

    private Attack(int port, Path script) throws Exception {
      SSLContext trustAll = SSLContext.getInstance("TLS"); // the benchmark's own throwaway CA, on loopback
      trustAll.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
          return new java.security.cert.X509Certificate[0];
        }
      }}, null);
      for (int i = 0; i < HELD_CONNECTIONS; i++) {
        SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        if (i % 2 == 1) {
          socket.getOutputStream().write("POST /validate HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        }
        held.add(socket);
      }
      trickler = Thread.ofVirtual().start(() -> {
        while (!stop) {
          for (int i = 1; i < held.size(); i += 2) {
            try {
              OutputStream out = held.get(i).getOutputStream();
              out.write('x');
              out.flush();
            } catch (IOException closedByServer) {
              // a server that drops a slow client defends itself
            }
          }
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      wrk = Thread.ofVirtual().start(() -> {
        try {
          result = AdmissionLoadBenchmark.wrk("hostile", port, script, ATTACK_CONNECTIONS, MEASURE);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }

    static Attack start(int port, Path script) throws Exception {
      return new Attack(port, script);
    }

    Result result() throws InterruptedException {
      wrk.join();
      return result;
    }

    @Override
    public void close() throws Exception {
      stop = true;
      wrk.join();
      trickler.interrupt();
      trickler.join();
      for (SSLSocket socket : held) {
        socket.close();
      }
    }
  }

  private static String report(List<Result> normal, List<Result> attacked, List<Result> attacks) {
    StringBuilder out = new StringBuilder("| round | valid reviews/s, normal | valid reviews/s, under attack | ratio "
        + "| p99 ms normal / attacked | hostile requests/s (all 400) |\n|---|---|---|---|---|---|\n");
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < normal.size(); i++) {
      double ratio = attacked.get(i).perSecond() / normal.get(i).perSecond();
      ratios.add(ratio);
      out.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f %% | %.1f / %.1f | %.0f |%n", i + 1,
          normal.get(i).perSecond(), attacked.get(i).perSecond(), ratio * 100, normal.get(i).p99Millis(),
          attacked.get(i).p99Millis(), attacks.get(i).perSecond()));
    }
    ratios.sort(Double::compare);
    out.append(String.format(Locale.ROOT, "%nMedian ratio: %.0f %% of normal throughput during the attack "
        + "(errors on the valid connections: %d).%n", ratios.get(ratios.size() / 2) * 100,
        attacked.stream().mapToLong(Result::errors).sum()));
    return out.toString();
  }
}
