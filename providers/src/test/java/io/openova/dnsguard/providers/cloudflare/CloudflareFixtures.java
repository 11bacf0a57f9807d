package io.openova.dnsguard.providers.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.providers.stub.Strict;
import io.openova.dnsguard.provider.support.FakeTime;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.provider.support.TxtStrings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Wiring and checks shared by the Cloudflare tests. */
final class CloudflareFixtures {

  private CloudflareFixtures() {}

  static CloudflareConfig config(StubServer server) {
    return CloudflareConfig.of(Secret.of(CloudflareStub.TOKEN))
        .withApiUrl(URI.create(server.uri() + "/client/v4"))
        .withBatchSize(CloudflareProviderContractTest.BATCH)
        .withRecordsPerPage(CloudflareProviderContractTest.PER_PAGE)
        .withRequestsPerSecond(1_000);
  }

  static CloudflareProvider provider(FakeTime time, CloudflareConfig config) {
    return new CloudflareProvider(config, Calls.standard().withTime(time, () -> 0.5));
  }

  /** Writes sets as the dashboard or another tool would: a record per value, TXT quoted except "manual" ones. */
  static void seed(CloudflareStub api, Zone zone, List<RecordSet> sets) {
    for (RecordSet set : sets) {
      for (String value : set.values()) {
        ObjectNode record = Strict.json().createObjectNode().put("type", set.type().name())
            .put("name", set.name().value()).put("ttl", set.ttl() == 0 ? 1 : set.ttl());
        switch (set.type()) {
          case MX -> {
            String[] parts = value.split(" ");
            record.put("priority", Integer.parseInt(parts[0])).put("content", parts[1].replaceAll("\\.$", ""));
          }
          case TXT -> record.put("content", set.name().value().startsWith("manual.") ? value : TxtStrings.quote(value));
          default -> record.put("content", value);
        }
        if (set.properties().containsKey(CloudflareRecordMapper.PROXIED)) {
          record.put("proxied", Boolean.parseBoolean(set.properties().get(CloudflareRecordMapper.PROXIED)));
        }
        StubServer.Response response = api.handle(new Request("POST", "/client/v4/zones/" + zone.id() + "/dns_records",
            Map.of(), Map.of("authorization", List.of("Bearer " + CloudflareStub.TOKEN),
                "content-type", List.of("application/json")), record.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(response.status()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      }
    }
  }

  /** What Cloudflare would answer for a name: the stored contents (TXT joined), sorted. */
  static List<String> served(CloudflareStub api, List<Zone> zones, Hostname name, RecordType type) {
    List<String> out = new ArrayList<>();
    for (Zone zone : zones) {
      for (ObjectNode record : api.records(zone.id())) {
        if (record.path("name").asString().equals(name.value()) && record.path("type").asString().equals(type.name())) {
          String content = record.path("content").asString();
          out.add(type == RecordType.TXT ? TxtStrings.unquote(content) : content);
        }
      }
    }
    return out.stream().sorted().toList();
  }

  private static final Set<String> POST_FIELDS = Set.of("type", "name", "content", "ttl", "proxied");

  /** Every request the provider sent has the shape of the API reference. */
  static void assertWellFormed(List<Request> requests) {
    for (Request r : requests) {
      assertThat(r.path()).as("%s", r).startsWith("/client/v4/zones");
      assertThat(r.header("Authorization")).as("%s", r).contains("Bearer " + CloudflareStub.TOKEN);
      assertThat(r.header("Accept")).as("%s", r).contains("application/json");
      if (r.method().equals("GET")) {
        assertThat(r.query().keySet()).as("%s", r).containsExactlyInAnyOrder("page", "per_page");
        continue;
      }
      if (r.method().equals("DELETE")) {
        assertThat(r.body()).isEmpty();
        continue;
      }
      assertThat(r.header("Content-Type")).as("%s", r).contains("application/json");
      JsonNode body = Strict.json().readTree(r.body());
      List<JsonNode> records = new ArrayList<>();
      if (r.path().endsWith("/batch")) {
        assertThat(body.propertyNames()).isSubsetOf("deletes", "patches", "posts");
        body.path("posts").forEach(records::add);
        body.path("deletes").forEach(d -> assertThat(d.propertyNames()).containsExactly("id"));
        body.path("patches").forEach(p -> assertThat(p.propertyNames()).contains("id").isSubsetOf("id", "ttl", "proxied"));
      } else if (r.method().equals("POST")) {
        records.add(body);
      } else {
        assertThat(body.propertyNames()).isSubsetOf("ttl", "proxied");
      }
      for (JsonNode record : records) {
        String type = record.path("type").asString();
        assertThat(record.propertyNames()).as("%s", record).isSubsetOf(POST_FIELDS)
            .contains("type", "name", "content", "ttl");
        assertThat(record.path("name").asString()).doesNotEndWith(".").isLowerCase();
        assertThat(record.has("proxied")).as("proxied only on A/AAAA/CNAME: %s", record)
            .isEqualTo(Set.of("A", "AAAA", "CNAME").contains(type));
        if (type.equals("TXT")) {
          assertThat(record.path("content").asString()).startsWith("\"").endsWith("\"");
          assertThat(io.openova.dnsguard.providers.stub.Strict.wellFormedTxt(record.path("content").asString())).isTrue();
        }
      }
    }
  }
}
