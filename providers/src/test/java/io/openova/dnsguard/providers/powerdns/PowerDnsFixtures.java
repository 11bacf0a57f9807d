package io.openova.dnsguard.providers.powerdns;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.testbench.PowerDnsServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Raw access to a test PowerDNS, bypassing the provider: seeding as another tool would, raw reads. */
final class PowerDnsFixtures {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private PowerDnsFixtures() {}

  static PowerDnsConfig config(PowerDnsServer pdns) {
    return PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey()));
  }

  static Zone createZone(PowerDnsServer pdns, String name) {
    pdns.createZone(name);
    return new Zone(name + ".", Hostname.of(name));
  }

  /** PATCHes the sets in with JSON written by hand (not the provider's mapper). */
  static void seed(PowerDnsServer pdns, Zone zone, List<RecordSet> sets) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode rrsets = body.putArray("rrsets");
    for (RecordSet set : sets) {
      ObjectNode rrset = rrsets.addObject();
      rrset.put("name", set.name().value() + ".").put("type", set.type().name()).put("ttl", set.ttl())
          .put("changetype", "REPLACE");
      ArrayNode records = rrset.putArray("records");
      for (String value : set.values()) {
        String content = switch (set.type()) {
          case TXT -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
          case CNAME -> value + ".";
          default -> value;
        };
        records.addObject().put("content", content).put("disabled", false);
      }
    }
    HttpResponse<String> response = pdns.api("PATCH", "/api/v1/servers/localhost/zones/" + zone.id(), body.toString());
    if (response.statusCode() != 204) {
      throw new IllegalStateException("seeding refused: HTTP " + response.statusCode() + " " + response.body());
    }
  }

  /** The rrset exactly as the API returns it (without the zone's serial, which every write bumps). */
  static String raw(PowerDnsServer pdns, Zone zone, Hostname name, RecordType type) {
    String query = "?rrset_name=" + URLEncoder.encode(name.value() + ".", StandardCharsets.UTF_8) + "&rrset_type=" + type.name();
    HttpResponse<String> response = pdns.api("GET", "/api/v1/servers/localhost/zones/" + zone.id() + query, null);
    return JSON.readTree(response.body()).path("rrsets").toString();
  }

  /** One change's rrset element as {@code mapper} writes it into a PATCH body, alone. */
  static byte[] rrsetBytes(PowerDnsRecordMapper mapper, io.openova.dnsguard.policies.plan.Change change) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (tools.jackson.core.JsonGenerator rrset = mapper.generator(out)) {
      mapper.write(rrset, change, new PowerDnsRecordMapper.Quoting());
    }
    return out.toByteArray();
  }
}
