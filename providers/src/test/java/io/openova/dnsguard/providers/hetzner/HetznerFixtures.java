package io.openova.dnsguard.providers.hetzner;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Wiring and checks shared by the Hetzner tests. */
final class HetznerFixtures {

  static final int WAVE = 10;
  static final int PER_PAGE = 7;

  private HetznerFixtures() {}

  static HetznerConfig config(StubServer server) {
    return HetznerConfig.of(Secret.of(HetznerStub.TOKEN))
        .withApiUrl(URI.create(server.uri() + "/v1"))
        .withWave(WAVE)
        .withPerPage(PER_PAGE)
        .withBudget(3_600, 1_000, 0);
  }

  static HetznerProvider provider(HetznerConfig config, FakeTime time) {
    return new HetznerProvider(config, Calls.standard().withTime(time, () -> 0.5));
  }

  static Zone zone(HetznerStub api, String name) {
    HetznerStub.Zone zone = api.addZone(name);
    return new Zone(Long.toString(zone.id()), Hostname.of(name));
  }

  static void seed(HetznerStub api, Zone zone, List<RecordSet> sets) {
    for (RecordSet set : sets) {
      api.put(Long.parseLong(zone.id()), io.openova.dnsguard.provider.support.Names.relative(zone.name(), set.name()), set.type().name(),
          set.ttl(), set.values().stream().map(v -> HetznerRecordMapper.value(set.type(), v)).toList());
    }
  }

  static List<String> served(HetznerStub api, List<Zone> zones, Hostname name, RecordType type) {
    List<String> out = new ArrayList<>();
    for (Zone zone : zones) {
      if (!name.isWithin(zone.name())) {
        continue;
      }
      String relative = io.openova.dnsguard.provider.support.Names.relative(zone.name(), name);
      for (ObjectNode rrset : api.rrsets(Long.parseLong(zone.id()))) {
        if (rrset.path("name").asString().equals(relative) && rrset.path("type").asString().equals(type.name())) {
          rrset.path("records").forEach(r -> {
            String value = r.path("value").asString();
            out.add(type == RecordType.TXT ? TxtStrings.unquote(value)
                : type == RecordType.CNAME ? value.replaceAll("\\.$", "") : value);
          });
        }
      }
    }
    return out.stream().sorted().toList();
  }

  /** Every request the provider sent has the shape of the API reference. */
  static void assertWellFormed(List<Request> requests) {
    for (Request r : requests) {
      assertThat(r.path()).as("%s", r).startsWith("/v1/");
      assertThat(r.header("Authorization")).as("%s", r).contains("Bearer " + HetznerStub.TOKEN);
      if (r.method().equals("GET")) {
        if (r.path().equals("/v1/actions")) {
          assertThat(r.query().keySet()).as("%s", r).containsExactly("id");
          assertThat(r.params("id")).hasSizeLessThanOrEqualTo(25);
        } else if (r.path().matches("/v1/zones(/[0-9]+/rrsets)?")) {
          assertThat(r.query().keySet()).as("%s", r).containsExactlyInAnyOrder("page", "per_page");
        }
        continue;
      }
      if (r.method().equals("DELETE")) {
        assertThat(r.path()).matches("/v1/zones/[0-9]+/rrsets/[^/]+/(A|AAAA|CNAME|TXT)");
        continue;
      }
      assertThat(r.header("Content-Type")).as("%s", r).contains("application/json");
      JsonNode body = Strict.json().readTree(r.body());
      if (r.path().endsWith("/rrsets")) {
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("name", "type", "ttl", "records");
        String name = body.path("name").asString();
        assertThat(name).isLowerCase().doesNotEndWith(".");
      } else if (r.path().endsWith("/actions/set_records")) {
        assertThat(body.propertyNames()).containsExactly("records");
      } else if (r.path().endsWith("/actions/change_ttl")) {
        assertThat(body.propertyNames()).containsExactly("ttl");
      } else {
        throw new AssertionError("unexpected write " + r);
      }
      for (JsonNode record : body.path("records")) {
        assertThat(record.propertyNames()).containsExactly("value");
      }
    }
  }

  static final Set<String> WRITES = Set.of("POST", "DELETE");
}
