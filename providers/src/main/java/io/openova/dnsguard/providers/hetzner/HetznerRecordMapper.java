package io.openova.dnsguard.providers.hetzner;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.support.Names;
import io.openova.dnsguard.provider.support.TxtStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates between {@link RecordSet}s and Hetzner Cloud rrsets. Pure. Rrset names are relative
 * to the zone, lower case, without trailing dot, {@code @} for the apex; values are zone-file
 * text: CNAME (and MX) targets absolute with a trailing dot, TXT as quoted character-strings of at
 * most 255 bytes. An rrset without TTL uses the zone's default TTL.
 */
final class HetznerRecordMapper {

  private final JsonMapper json;

  HetznerRecordMapper(JsonMapper json) {
    this.json = json;
  }

  /**
   * The record set of an rrset; empty for names that are not hostnames and rrsets without records.
   *
   * @throws IllegalArgumentException when a value does not parse for its type
   */
  Optional<RecordSet> fromRrset(Hostname zone, JsonNode rrset, long zoneTtl) {
    String name = rrset.path("name").asString("");
    if (!(Hostname.parse(Names.inZone(zone, name)) instanceof ParsedHostname.Valid valid)) {
      return Optional.empty();
    }
    RecordType type = RecordType.of(rrset.path("type").asString(""));
    List<String> values = new ArrayList<>();
    for (JsonNode record : rrset.path("records")) {
      String value = record.path("value").asString("");
      values.add(switch (type) {
        case CNAME -> absolute(zone, value);
        case TXT -> TxtStrings.unquote(value);
        case A, AAAA, NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER -> value;
      });
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    JsonNode ttl = rrset.path("ttl");
    return Optional.of(RecordSet.of(valid.hostname(), type, ttl.isIntegralNumber() ? ttl.asLong() : zoneTtl, values));
  }

  /** The body of {@code POST /zones/{id}/rrsets}. */
  ObjectNode toCreate(Hostname zone, RecordSet set) {
    ObjectNode body = json.createObjectNode()
        .put("name", Names.relative(zone, set.name()))
        .put("type", set.type().name())
        .put("ttl", set.ttl());
    body.set("records", records(set));
    return body;
  }

  /** The body of {@code actions/set_records}. */
  ObjectNode toSetRecords(RecordSet set) {
    ObjectNode body = json.createObjectNode();
    body.set("records", records(set));
    return body;
  }

  /** The body of {@code actions/change_ttl}. */
  ObjectNode toChangeTtl(RecordSet set) {
    return json.createObjectNode().put("ttl", set.ttl());
  }

  private ArrayNode records(RecordSet set) {
    ArrayNode records = json.createArrayNode();
    for (String value : set.values()) {
      records.addObject().put("value", value(set.type(), value));
    }
    return records;
  }

  static String value(RecordType type, String value) {
    return switch (type) {
      case CNAME -> value.toLowerCase(Locale.ROOT) + ".";
      case TXT -> TxtStrings.quote(value);
      case A, AAAA, NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER -> value;
    };
  }

  private static String absolute(Hostname zone, String target) {
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      return lower.substring(0, lower.length() - 1);
    }
    return lower.equals("@") ? zone.value() : lower + "." + zone.value();
  }
}
