package io.openova.dnsguard.reconciler.webhookprovider;

import io.helidon.webserver.WebServer;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.testbench.PowerDnsServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The in-process side of {@link ExternalDnsOnceBenchmark}: each route of {@code dnsguard provider}
 * timed over loopback HTTP in one warm JVM against a real PowerDNS, beside the PowerDNS requests
 * it cannot avoid (the floor): {@code GET /records} on a zone of N names (A + ownership TXT) beside
 * one GET of the zone; {@code POST /records} creating the N names as external-dns's TXT registry
 * sends them, into an emptied zone, beside the same records PATCHed straight in bodies of at most
 * 1 MB; {@code POST /adjustendpoints} with the N endpoints. Each figure is the median of R runs
 * after two warm-up runs, with the CPU time the JVM spent meanwhile (the server's work and this
 * client's). No external-dns process and no API server: what is left is dnsguard's own work, and
 * its CPU time is less sensitive to a busy machine than any wall-clock figure.
 *
 * <p>Run: {@code java -cp ... io.openova.dnsguard.reconciler.webhookprovider.ProviderRoutesBenchmark 10000 7}
 */
public final class ProviderRoutesBenchmark {
  private static final String ZONE = "bench-fleet.test";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ProviderRoutesBenchmark() {}

  public static void main(String[] args) throws Exception {
    int names = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Logger.getLogger("io.openova.dnsguard").setLevel(Level.WARNING);
    Path dir = Files.createTempDirectory("dnsguard-bench-routes-");
    String load = "%.1f".formatted(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    try (PowerDnsServer pdns = PowerDnsServer.start(dir.resolve("pdns"), PowerDnsServer.Options.recommended())) {
      pdns.createZone(ZONE);
      DnsProvider provider = PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())));
      DnsPolicy policy = PolicyLoader.load(Files.writeString(dir.resolve("policy.yaml"), """
          apiVersion: dnsguard.openova.io/v1alpha1
          kind: DNSPolicy
          metadata: {name: bench}
          spec:
            ownerId: dnsguard
            txtPrefix: "_externaldns."
            unmanagedDomains: deny
            domains:
              - {suffix: %s, namespaces: [bench]}
          """.formatted(ZONE)));
      WebServer server = WebServer.builder().host("127.0.0.1").port(0).maxPayloadSize(ProviderServer.MAX_BODY_BYTES)
          .routing(new ProviderRoutes(provider, () -> policy, null, new ProviderMetrics())::register).build().start();
      try {
        byte[] create = WireCodec.write(creates(names));
        byte[] adjust = WireCodec.write(records(names));
        String patchFloor = patchBodies(names);
        double[][] times = new double[8][rounds];
        for (int round = -2; round < rounds; round++) {
          recreate(pdns);
          long cpu = cpu();
          double created = time(() -> expect(post(server, "/records", create), 204));
          double createdCpu = (cpu() - cpu) / 1e6;
          cpu = cpu();
          double adjusted = time(() -> expect(post(server, "/adjustendpoints", adjust), 200));
          double adjustedCpu = (cpu() - cpu) / 1e6;
          cpu = cpu();
          double listed = time(() -> expect(get(server, "/records"), 200));
          double listedCpu = (cpu() - cpu) / 1e6;
          double read = time(() -> expect(pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null).statusCode(), 200));
          recreate(pdns);
          double patched = time(() -> {
            for (String body : patchFloor.split("\n")) {
              expect(pdns.api("PATCH", "/api/v1/servers/localhost/zones/" + ZONE + ".", body).statusCode(), 204);
            }
          });
          if (round >= 0) {
            double[] row = {created, patched, listed, read, adjusted, createdCpu, listedCpu, adjustedCpu};
            for (int i = 0; i < row.length; i++) {
              times[i][round] = row[i];
            }
          }
        }
        System.out.printf("""
            %,d names (A + TXT each), median of %d warm runs, in one JVM over loopback (load average before: %s):
              POST /records (create every name)  %6.0f ms (JVM CPU %5.0f ms)   floor: the same rrsets PATCHed straight %6.0f ms
              GET /records (%,d record sets) %6.0f ms (JVM CPU %5.0f ms)   floor: one GET of the zone               %6.0f ms
              POST /adjustendpoints             %6.0f ms (JVM CPU %5.0f ms)
            """, names, rounds, load, median(times[0]), median(times[5]), median(times[1]), 2 * names, median(times[2]),
            median(times[6]), median(times[3]), median(times[4]), median(times[7]));
      } finally {
        server.stop();
      }
    }
  }

  /** What external-dns v0.21's TXT registry sends to create the names: each A record, then each ownership TXT. */
  private static Changes creates(int names) {
    List<Endpoint> create = new ArrayList<>(records(names));
    for (int n = 0; n < names; n++) {
      create.add(new Endpoint("_externaldns.a-" + name(n), List.of(
          "\"heritage=external-dns,external-dns/owner=bench,external-dns/resource=crd/bench/bulk-" + n / 2_500 + "\""),
          "TXT", "", 0, Map.of("owner", "bench", "resource", "crd/bench/bulk-" + n / 2_500), List.of()));
    }
    return new Changes(create, List.of(), List.of(), List.of());
  }

  private static List<Endpoint> records(int names) {
    List<Endpoint> out = new ArrayList<>();
    for (int n = 0; n < names; n++) {
      out.add(new Endpoint(name(n), List.of(address(n)), "A", "", 0,
          Map.of("owner", "bench", "resource", "crd/bench/bulk-" + n / 2_500), List.of()));
    }
    return out;
  }

  private static String name(int n) {
    return "h%05d.%s".formatted(n, ZONE);
  }

  private static String address(int n) {
    return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
  }

  // The same rrsets as PATCH bodies of at most ~1 MB (as dnsguard's own writer cuts them), one per line.
  private static String patchBodies(int names) {
    StringBuilder out = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (int n = 0; n < names; n++) {
      String rrsets = """
          {"name":"%1$s.","type":"A","ttl":300,"changetype":"REPLACE","records":[{"content":"%2$s","disabled":false}]},\
          {"name":"_externaldns.a-%1$s.","type":"TXT","ttl":300,"changetype":"REPLACE","records":[{"content":\
          "\\"heritage=external-dns,external-dns/owner=bench,external-dns/resource=crd/bench/bulk-%3$d\\"","disabled":false}]}"""
          .formatted(name(n), address(n), n / 2_500);
      if (body.length() + rrsets.length() > 1_000_000) {
        out.append("{\"rrsets\":[").append(body).append("]}\n");
        body.setLength(0);
      }
      body.append(body.isEmpty() ? "" : ",").append(rrsets);
    }
    return out.append("{\"rrsets\":[").append(body).append("]}").toString();
  }

  private static void recreate(PowerDnsServer pdns) {
    pdns.api("DELETE", "/api/v1/servers/localhost/zones/" + ZONE + ".", null);
    pdns.createZone(ZONE);
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double time(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static void expect(int status, int expected) {
    if (status != expected) {
      throw new IllegalStateException("expected HTTP " + expected + ", got " + status);
    }
  }

  private static int post(WebServer server, String path, byte[] body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", WireCodec.MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      System.err.println(response.body().substring(0, Math.min(2_000, response.body().length())));
    }
    return response.statusCode();
  }

  private static int get(WebServer server, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Accept", WireCodec.MEDIA_TYPE).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  // CPU time of this JVM: the server's work plus the benchmark client's sending and receiving.
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
