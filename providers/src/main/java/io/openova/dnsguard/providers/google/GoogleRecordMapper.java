package io.openova.dnsguard.providers.google;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.support.Names;
import io.openova.dnsguard.provider.support.TxtStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates between {@link RecordSet}s and Cloud DNS {@code ResourceRecordSet} JSON ({@code
 * kind}, {@code name}, {@code type}, {@code ttl}, {@code rrdatas}). Pure. Names travel absolute
 * (trailing dot), CNAME targets absolute, TXT rrdatas quoted in presentation format and cut into
 * 255-byte character-strings. Record sets with a {@code routingPolicy} (weighted round robin,
 * geolocation, failover) read as their type with a {@code google/routing-policy} property and are
 * never written ({@link #unmanaged}).
 */
final class GoogleRecordMapper {

  static final String ROUTING_POLICY = "google/routing-policy";
  static final String KIND = "dns#resourceRecordSet";

  private final JsonMapper json;

  GoogleRecordMapper(JsonMapper json) {
    this.json = json;
  }

  /**
   * The record set a listed rrset stands for; empty for names that are not hostnames and for sets
   * without rrdatas.
   *
   * @throws IllegalArgumentException when an rrdata does not parse for its type
   */
  Optional<RecordSet> fromRrset(JsonNode rrset) {
    if (!(Hostname.parse(rrset.path("name").asString("")) instanceof ParsedHostname.Valid valid)) {
      return Optional.empty();
    }
    String typeName = rrset.path("type").asString("");
    RecordType type = RecordType.of(typeName);
    JsonNode routing = rrset.path("routingPolicy");
    List<String> values = new ArrayList<>();
    for (JsonNode rrdata : rrset.path("rrdatas")) {
      values.add("TXT".equals(typeName) || "SPF".equals(typeName) ? TxtStrings.unquote(rrdata.asString())
          : rrdata.asString());
    }
    if (values.isEmpty() && routing.isObject()) {
      // The answers live in the policy's items; without any (load-balancer targets) the set is shown as OTHER.
      for (JsonNode items : routing.findValues("rrdatas")) {
        items.forEach(rrdata -> values.add(rrdata.asString()));
      }
      if (values.isEmpty()) {
        type = RecordType.OTHER;
        values.add(typeName + " routing policy");
      }
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> properties = routing.isObject() ? Map.of(ROUTING_POLICY, json.writeValueAsString(routing)) : Map.of();
    return Optional.of(new RecordSet(valid.hostname(), type, rrset.path("ttl").asLong(0), values, properties));
  }

  /** Why dnsguard must not write over this set as read, or empty when it may. */
  static Optional<String> unmanaged(RecordSet set) {
    return set.properties().containsKey(ROUTING_POLICY)
        ? Optional.of("it has a routing policy " + set.properties().get(ROUTING_POLICY)
            + ", which dnsguard reads but never writes")
        : Optional.empty();
  }

  /** The ResourceRecordSet dnsguard writes for a record set. */
  ObjectNode toRrset(RecordSet set) {
    ObjectNode rrset = json.createObjectNode();
    rrset.put("kind", KIND);
    rrset.put("name", Names.absolute(set.name()));
    rrset.put("type", set.type().name());
    rrset.put("ttl", set.ttl());
    ArrayNode rrdatas = rrset.putArray("rrdatas");
    for (String value : set.values()) {
      rrdatas.add(switch (set.type()) {
        case CNAME -> value + ".";
        case TXT -> TxtStrings.quote(value);
        case A, AAAA, NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER -> value;
      });
    }
    return rrset;
  }

  /** A listed rrset as a deletion: its identifying fields exactly as Cloud DNS listed them. */
  ObjectNode asDeletion(JsonNode listed) {
    ObjectNode rrset = json.createObjectNode();
    rrset.put("kind", KIND);
    for (String field : List.of("name", "type", "ttl", "rrdatas", "signatureRrdatas", "routingPolicy")) {
      JsonNode value = listed.get(field);
      if (value != null && !(value.isArray() && value.isEmpty() && !field.equals("rrdatas"))) {
        rrset.set(field, value.deepCopy());
      }
    }
    return rrset;
  }

  /** Whether two rrsets say the same on the wire: name, type, TTL, rrdatas in order, no signatures or policy. */
  static boolean sameOnWire(JsonNode a, JsonNode b) {
    return a.path("name").asString("").equals(b.path("name").asString(""))
        && a.path("type").asString("").equals(b.path("type").asString(""))
        && a.path("ttl").asLong(-1) == b.path("ttl").asLong(-1)
        && strings(a.path("rrdatas")).equals(strings(b.path("rrdatas")))
        && a.path("signatureRrdatas").isEmpty() && b.path("signatureRrdatas").isEmpty()
        && a.path("routingPolicy").isMissingNode() && b.path("routingPolicy").isMissingNode();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  /** Bytes of rrdata an rrset adds to a change (the per-change quota counts them). */
  static long rrdataBytes(JsonNode rrset) {
    long bytes = 0;
    for (JsonNode rrdata : rrset.path("rrdatas")) {
      bytes += rrdata.asString().getBytes(StandardCharsets.UTF_8).length;
    }
    return bytes;
  }

}
