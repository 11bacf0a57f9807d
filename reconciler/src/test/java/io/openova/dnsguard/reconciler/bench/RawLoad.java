package io.openova.dnsguard.reconciler.bench;

import io.openova.dnsguard.testbench.PowerDnsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The floor every PowerDNS load is measured against: {@code hosts} names (A + ownership TXT) as
 * hand-built JSON text in serial PATCHes of up to 1 MB, nothing else — the fastest raw load
 * measured for these records.
 */
public final class RawLoad {
  private static final long PATCH_BYTES = 1_000_000;

  private RawLoad() {}

  /** Loads {@code h0.zone … h(hosts-1).zone} into an existing zone; returns how many PATCHes it took. */
  public static int load(PowerDnsServer pdns, String zone, int hosts, String owner) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = pdns.apiUrl().resolve("/api/v1/servers/localhost/zones/" + zone + ".");
    StringBuilder body = new StringBuilder();
    int count = 0;
    for (int i = 0; i < hosts; i++) {
      String name = "h" + i + "." + zone + ".";
      String pair = "{\"name\":\"_externaldns.a-" + name + "\",\"type\":\"TXT\",\"ttl\":300,\"changetype\":\"REPLACE\","
          + "\"records\":[{\"content\":\"\\\"heritage=external-dns,external-dns/owner=" + owner
          + ",external-dns/resource=service/bench/h" + i + "\\\"\",\"disabled\":false}]},"
          + "{\"name\":\"" + name + "\",\"type\":\"A\",\"ttl\":300,\"changetype\":\"REPLACE\","
          + "\"records\":[{\"content\":\"" + ip(i) + "\",\"disabled\":false}]}";
      if (body.length() + pair.length() + 16 > PATCH_BYTES) {
        patch(http, uri, pdns.apiKey(), body);
        count++;
        body.setLength(0);
      }
      body.append(body.isEmpty() ? "" : ",").append(pair);
    }
    patch(http, uri, pdns.apiKey(), body);
    return count + 1;
  }

  /** The address of host {@code i}: distinct for up to 2^24 hosts. */
  public static String ip(int i) {
    return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
  }

  private static void patch(HttpClient http, URI uri, String key, StringBuilder rrsets) {
    byte[] body = ("{\"rrsets\":[" + rrsets + "]}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(uri).header("X-API-Key", key).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofMinutes(5)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 204) {
        throw new IllegalStateException("floor PATCH refused: HTTP " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("floor PATCH failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
