package io.openova.dnsguard.reconciler.webhookprovider;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.testbench.FreePorts;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dnsguard provider} as its own process in front of a real PowerDNS: it reports ready only
 * after its warm-up, and the warm-up writes nothing anywhere — PowerDNS holds the same zones and
 * records, byte for byte, before and after — while external-dns's first {@code GET /records} is
 * answered from the zones it listed ahead.
 */
@RealPowerDns
class WarmUpProcessTest {
  private static final String ZONE = "warm.test";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void readyAfterTheWarmUp_nothingWritten_zonesListedAhead(PowerDnsServer pdns, @TempDir Path dir) throws Exception {
    pdns.createZone(ZONE);
    pdns.api("PATCH", "/api/v1/servers/localhost/zones/" + ZONE + ".", """
        {"rrsets":[{"name":"www.warm.test.","type":"A","ttl":300,"changetype":"REPLACE",
          "records":[{"content":"192.0.2.10","disabled":false}]}]}""");
    String zonesBefore = pdns.api("GET", "/api/v1/servers/localhost/zones", null).body();
    String zoneBefore = pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null).body();
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: warm}
        spec:
          ownerId: dnsguard
          txtPrefix: "_externaldns."
          unmanagedDomains: deny
          domains:
            - {suffix: %s, namespaces: [warm]}
        """.formatted(ZONE));
    int port = FreePorts.find(false);
    int opsPort = FreePorts.find(false);
    Path log = dir.resolve("provider.log");
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), ExternalDnsOnceBenchmark.ProviderMain.class.getName(),
        "--policy-file", policy.toString(), "--provider", "powerdns", "--pdns-url", pdns.apiUrl().toString(),
        "--port", Integer.toString(port), "--http-bind", "127.0.0.1", "--http-port", Integer.toString(opsPort)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("DNSGUARD_PDNS_API_KEY", pdns.apiKey());
    Process provider = builder.start();
    try {
      awaitReady(opsPort, log);

      // how far it got depends on the machine's load (it stops at its budget); that it ran before readiness does not
      Matcher warmedUp = Pattern.compile("warmed up: rehearsed (\\d+) requests").matcher(Files.readString(log));
      assertThat(warmedUp.find()).as("the warm-up logged before readiness").isTrue();
      assertThat(Integer.parseInt(warmedUp.group(1))).isPositive();
      assertThat(pdns.api("GET", "/api/v1/servers/localhost/zones", null).body()).isEqualTo(zonesBefore);
      assertThat(pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null).body()).isEqualTo(zoneBefore);
      HttpResponse<String> records = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/records"))
          .header("Accept", WireCodec.MEDIA_TYPE).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(records.statusCode()).isEqualTo(200);
      assertThat(records.body()).contains("\"dnsName\":\"www.warm.test\"").doesNotContain("rehearsal");
    } finally {
      provider.destroy();
      provider.waitFor();
    }
  }

  private static void awaitReady(int opsPort, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    URI ready = URI.create("http://127.0.0.1:" + opsPort + "/readyz");
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListening) {
        // not yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not ready within 90 s:\n" + Files.readString(log));
  }
}
