package io.openova.dnsguard.providers.azure;

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
 * Translates between {@link RecordSet}s and Azure DNS record sets. Pure. Names are relative to the
 * zone ({@code @} for the apex); TXT values are arrays of unquoted strings of at most 255 bytes;
 * CNAME targets are written without trailing dot. An alias record set ({@code targetResource}
 * pointing at an Azure resource) is read as type {@link RecordType#ALIAS} with the resource id as
 * its value, so the planner treats it as a foreign record that blocks the name; dnsguard never
 * writes aliases.
 */
final class AzureRecordMapper {

  /** One record set as listed, with its etag for optimistic concurrency. */
  record Listed(RecordSet set, String etag) {}

  private final JsonMapper json;

  AzureRecordMapper(JsonMapper json) {
    this.json = json;
  }

  /**
   * The record set of an Azure record set; empty for names that are not hostnames and empty sets.
   *
   * @throws IllegalArgumentException when a value does not parse for its type
   */
  Optional<Listed> fromRecordSet(Hostname zone, JsonNode node) {
    String name = node.path("name").asString("");
    if (!(Hostname.parse(Names.inZone(zone, name)) instanceof ParsedHostname.Valid valid)) {
      return Optional.empty();
    }
    String typeText = node.path("type").asString("");
    RecordType type = RecordType.of(typeText.substring(typeText.lastIndexOf('/') + 1));
    JsonNode p = node.path("properties");
    long ttl = p.path("TTL").asLong(0);
    List<String> values = new ArrayList<>();
    String target = p.path("targetResource").path("id").asString("");
    if (!target.isEmpty()) {
      return Optional.of(new Listed(RecordSet.of(valid.hostname(), RecordType.ALIAS, ttl, List.of(target)),
          node.path("etag").asString("")));
    }
    switch (type) {
      case A -> p.path("ARecords").forEach(r -> values.add(r.path("ipv4Address").asString("")));
      case AAAA -> p.path("AAAARecords").forEach(r -> values.add(r.path("ipv6Address").asString("")));
      case CNAME -> {
        String cname = p.path("CNAMERecord").path("cname").asString("");
        if (!cname.isEmpty()) {
          values.add(cname.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
        }
      }
      case TXT -> p.path("TXTRecords").forEach(r -> {
        StringBuilder joined = new StringBuilder();
        r.path("value").forEach(part -> joined.append(part.asString("")));
        values.add(joined.toString());
      });
      case MX -> p.path("MXRecords").forEach(r -> values.add(r.path("preference").asInt(0) + " "
          + absolute(r.path("exchange").asString(""))));
      case NS -> p.path("NSRecords").forEach(r -> values.add(absolute(r.path("nsdname").asString(""))));
      case SOA -> {
        JsonNode soa = p.path("SOARecord");
        values.add(absolute(soa.path("host").asString("")) + " " + absolute(soa.path("email").asString("")) + " "
            + soa.path("serialNumber").asLong() + " " + soa.path("refreshTime").asLong() + " "
            + soa.path("retryTime").asLong() + " " + soa.path("expireTime").asLong() + " "
            + soa.path("minimumTTL").asLong());
      }
      case SRV, NAPTR, CAA, PTR, LUA, ALIAS, OTHER -> values.add(p.toString()); // kept whole: never written
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Listed(RecordSet.of(valid.hostname(), type, ttl, values), node.path("etag").asString("")));
  }

  /** The body of a record-set PUT. */
  ObjectNode toBody(RecordSet set) {
    ObjectNode body = json.createObjectNode();
    ObjectNode p = body.putObject("properties").put("TTL", set.ttl());
    switch (set.type()) {
      case A -> {
        ArrayNode records = p.putArray("ARecords");
        set.values().forEach(v -> records.addObject().put("ipv4Address", v));
      }
      case AAAA -> {
        ArrayNode records = p.putArray("AAAARecords");
        set.values().forEach(v -> records.addObject().put("ipv6Address", v));
      }
      case CNAME -> p.putObject("CNAMERecord").put("cname", set.values().getFirst());
      case TXT -> {
        ArrayNode records = p.putArray("TXTRecords");
        for (String value : set.values()) {
          ArrayNode parts = records.addObject().putArray("value");
          TxtStrings.split(value).forEach(parts::add);
        }
      }
      case NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER ->
          throw new IllegalArgumentException("dnsguard does not write " + set.type() + " record sets to Azure DNS");
    }
    return body;
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }
}
