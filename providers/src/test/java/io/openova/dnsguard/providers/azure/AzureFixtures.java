package io.openova.dnsguard.providers.azure;

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
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Wiring and checks shared by the Azure tests. */
final class AzureFixtures {

  private AzureFixtures() {}

  static AzureConfig config(StubServer server, AzureConfig.Credentials credentials) {
    return AzureConfig.of(AzureStub.SUBSCRIPTION, AzureStub.GROUP, credentials)
        .withApiUrl(server.uri()).withTokenUrl(server.uri()).withPageSize(7);
  }

  static AzureConfig.Credentials secret() {
    return new AzureConfig.Credentials.ClientSecret(AzureStub.TENANT, AzureStub.CLIENT, Secret.of(AzureStub.SECRET));
  }

  static AzureProvider provider(AzureConfig config, FakeTime time) {
    return new AzureProvider(config, Calls.standard().withTime(time, () -> 0.5));
  }

  static void seed(AzureStub api, Zone zone, List<RecordSet> sets) {
    for (RecordSet set : sets) {
      ObjectNode records = Strict.json().createObjectNode();
      switch (set.type()) {
        case A -> set.values().forEach(v -> records.withArray("ARecords").addObject().put("ipv4Address", v));
        case AAAA -> set.values().forEach(v -> records.withArray("AAAARecords").addObject().put("ipv6Address", v));
        case CNAME -> records.putObject("CNAMERecord").put("cname", set.values().getFirst());
        case TXT -> set.values().forEach(v -> {
          ArrayNode parts = records.withArray("TXTRecords").addObject().putArray("value");
          TxtStrings.split(v).forEach(parts::add);
        });
        case MX -> set.values().forEach(v -> records.withArray("MXRecords").addObject()
            .put("preference", Integer.parseInt(v.split(" ")[0])).put("exchange", v.split(" ")[1]));
        default -> throw new IllegalArgumentException("cannot seed " + set.type());
      }
      api.put(zone.id(), set.type().name(), io.openova.dnsguard.provider.support.Names.relative(zone.name(), set.name()), set.ttl(), records);
    }
  }

  static List<String> served(AzureStub api, List<Zone> zones, Hostname name, RecordType type) {
    List<String> out = new ArrayList<>();
    for (Zone zone : zones) {
      if (!name.isWithin(zone.name())) {
        continue;
      }
      String relative = io.openova.dnsguard.provider.support.Names.relative(zone.name(), name);
      for (ObjectNode set : api.recordSets(zone.id())) {
        if (!set.path("name").asString().equals(relative)
            || !set.path("type").asString().equals("Microsoft.Network/dnszones/" + type.name())) {
          continue;
        }
        JsonNode p = set.path("properties");
        switch (type) {
          case A -> p.path("ARecords").forEach(r -> out.add(r.path("ipv4Address").asString()));
          case CNAME -> out.add(p.path("CNAMERecord").path("cname").asString());
          case TXT -> p.path("TXTRecords").forEach(r -> {
            StringBuilder joined = new StringBuilder();
            r.path("value").forEach(part -> joined.append(part.asString()));
            out.add(joined.toString());
          });
          default -> out.add(p.toString());
        }
      }
    }
    return out.stream().sorted().toList();
  }

  /** Every request the provider sent has the shape of the API reference. */
  static void assertWellFormed(List<Request> requests) {
    for (Request r : requests) {
      if (r.path().endsWith("/oauth2/v2.0/token")) {
        assertThat(r.path()).isEqualTo("/" + AzureStub.TENANT + "/oauth2/v2.0/token");
        assertThat(r.header("Content-Type")).contains("application/x-www-form-urlencoded");
        continue;
      }
      assertThat(r.path()).as("%s", r).startsWith("/subscriptions/" + AzureStub.SUBSCRIPTION + "/resourceGroups/"
          + AzureStub.GROUP + "/providers/Microsoft.Network/dnsZones");
      assertThat(r.header("Authorization")).as("%s", r).hasValueSatisfying(a -> assertThat(a).startsWith("Bearer eyJ"));
      assertThat(r.param("api-version")).as("%s", r).contains("2018-05-01");
      switch (r.method()) {
        case "GET" -> {}
        case "DELETE" -> assertThat(r.header("If-Match")).as("%s", r).isPresent();
        case "PUT" -> {
          assertThat(r.header("If-Match").isPresent() != r.header("If-None-Match").isPresent()).as("%s", r).isTrue();
          r.header("If-None-Match").ifPresent(v -> assertThat(v).isEqualTo("*"));
          JsonNode body = Strict.json().readTree(r.body());
          assertThat(body.propertyNames()).containsExactly("properties");
          String type = r.path().replaceAll(".*/dnsZones/[^/]+/([A-Z]+)/[^/]+$", "$1");
          assertThat(body.path("properties").propertyNames()).as("%s", r).hasSize(2).contains("TTL");
          if (type.equals("TXT")) {
            body.path("properties").path("TXTRecords").forEach(t -> t.path("value")
                .forEach(part -> assertThat(part.asString()).doesNotStartWith("\"")));
          }
        }
        default -> throw new AssertionError("unexpected request " + r);
      }
    }
  }
}
