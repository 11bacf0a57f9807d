package io.openova.dnsguard.providers.powerdns;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.support.Names;
import io.openova.dnsguard.provider.support.TxtStrings;
import io.openova.dnsguard.provider.support.TxtStrings.Escape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates between {@link RecordSet}s and PowerDNS rrset JSON. Pure. On the wire names are
 * absolute (trailing dot) and lower case, CNAME targets absolute, TXT contents quoted and escaped
 * in presentation format and cut into character-strings of at most 255 bytes; {@code changetype}
 * is {@code REPLACE} for creates and updates, {@code DELETE} for deletes.
 */
final class PowerDnsRecordMapper {

  private final JsonMapper json;

  PowerDnsRecordMapper(JsonMapper json) {
    this.json = json;
  }

  /** The rrset element of a PATCH body for one change. */
  ObjectNode toRrset(Change change) {
    ObjectNode rrset = json.createObjectNode();
    RecordSet set = change.target();
    rrset.put("name", Names.absolute(set.name()));
    rrset.put("type", set.type().name());
    switch (change) {
      case Change.Create create -> replace(rrset, create.set());
      case Change.Update update -> replace(rrset, update.after());
      case Change.Delete delete -> rrset.put("changetype", "DELETE");
    }
    return rrset;
  }

  /** The same, serialized. */
  byte[] toRrsetBytes(Change change) {
    return json.writeValueAsBytes(toRrset(change));
  }

  private void replace(ObjectNode rrset, RecordSet set) {
    rrset.put("ttl", set.ttl());
    rrset.put("changetype", "REPLACE");
    ArrayNode records = rrset.putArray("records");
    for (String value : set.values()) {
      records.addObject().put("content", content(set.type(), value)).put("disabled", false);
    }
  }

  /**
   * The record set an rrset of a zone GET stands for; empty for names dnsguard cannot represent
   * (not a hostname) and for rrsets without records (comments only).
   *
   * @throws IllegalArgumentException when a record's content does not parse for its type
   */
  Optional<RecordSet> fromRrset(JsonNode rrset) {
    String rawName = rrset.path("name").asString("");
    if (!(Hostname.parse(rawName) instanceof ParsedHostname.Valid valid)) {
      return Optional.empty();
    }
    RecordType type = RecordType.of(rrset.path("type").asString(""));
    List<String> values = new ArrayList<>();
    for (JsonNode record : rrset.path("records")) {
      // Disabled records stay in the backend and a REPLACE would drop them: count them as present.
      String content = record.path("content").asString("");
      values.add(type == RecordType.TXT ? TxtStrings.unquote(content, Escape.DECIMAL) : content);
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(RecordSet.of(valid.hostname(), type, rrset.path("ttl").asLong(0), values));
  }


  static String content(RecordType type, String value) {
    return switch (type) {
      case CNAME -> value.toLowerCase(Locale.ROOT) + ".";
      case TXT -> TxtStrings.quote(value, Escape.DECIMAL);
      case A, AAAA, NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER -> value;
    };
  }
}
