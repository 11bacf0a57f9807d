package io.openova.dnsguard.reconciler.webhookprovider;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    ExternalDnsOnceBenchmark.Started provider = ExternalDnsOnceBenchmark.startProvider(dir, "warm", policy, pdns,
        System.getProperty("java.class.path"), List.of());
    Path log = dir.resolve("provider-warm.log");
    int port = provider.port();
    try {
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
      provider.stop();
    }
  }
}
