package io.openova.dnsguard.providers.powerdns;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.support.Names;
import io.openova.dnsguard.provider.support.TxtStrings;
import io.openova.dnsguard.provider.support.TxtStrings.Escape;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.openova.dnsguard.provider.ListedSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

  /** A generator for {@link #write}: one for many rrsets (a bulk create writes 20,000). */
  JsonGenerator generator(OutputStream out) {
    return json.createGenerator(out);
  }

  /**
   * The rrset element of a PATCH body for one change, written straight by {@code rrset}: no tree per
   * rrset. {@code quoting} is the body's (or the bodies') of one thread.
   */
  void write(JsonGenerator rrset, Change change, Quoting quoting) {
    RecordSet set = change.target();
    rrset.writeStartObject();
    rrset.writeStringProperty("name", Names.absolute(set.name()));
    rrset.writeStringProperty("type", set.type().name());
    switch (change) {
      case Change.Create create -> replace(rrset, create.set(), quoting);
      case Change.Update update -> replace(rrset, update.after(), quoting);
      case Change.Delete delete -> rrset.writeStringProperty("changetype", "DELETE");
    }
    rrset.writeEndObject();
  }

  /**
   * TXT contents in presentation format, the last one remembered: the names of one object share one
   * ownership content (one string, from the planner), so a run of them quotes it once, not once per
   * name. Not thread-safe.
   */
  static final class Quoting {
    private @Nullable String last;
    private String quoted = "";

    String content(RecordType type, String value) {
      if (type != RecordType.TXT) {
        return PowerDnsRecordMapper.content(type, value);
      }
      if (value != last) { // identity: equal contents that are other strings are quoted again, correctly
        quoted = PowerDnsRecordMapper.content(type, value);
        last = value;
      }
      return quoted;
    }
  }

  private static void replace(JsonGenerator rrset, RecordSet set, Quoting quoting) {
    rrset.writeNumberProperty("ttl", set.ttl());
    rrset.writeStringProperty("changetype", "REPLACE");
    rrset.writeArrayPropertyStart("records");
    for (String value : set.values()) {
      rrset.writeStartObject();
      rrset.writeStringProperty("content", quoting.content(set.type(), value));
      rrset.writeBooleanProperty("disabled", false);
      rrset.writeEndObject();
    }
    rrset.writeEndArray();
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

  /**
   * The rrsets of a zone GET as stored, read as a stream (no tree, no canonical form): for
   * listing. Rrsets without records are left out, as {@link #fromRrset} does.
   *
   * @throws JacksonException when the body is not the zone JSON PowerDNS sends
   */
  List<ListedSet> listed(byte[] zone) {
    List<ListedSet> out = new ArrayList<>();
    try (JsonParser parser = json.createParser(zone)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!field.equals("rrsets") || value != JsonToken.START_ARRAY) {
          parser.skipChildren();
          continue;
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          ListedSet set = listedRrset(parser);
          if (set != null) {
            out.add(set);
          }
        }
      }
    }
    return out;
  }

  private static @Nullable ListedSet listedRrset(JsonParser parser) {
    String name = "";
    String typeName = "";
    long ttl = 0;
    List<String> contents = new ArrayList<>(1);
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "name" -> name = parser.getString();
        case "type" -> typeName = parser.getString();
        case "ttl" -> ttl = value.isNumeric() ? parser.getLongValue() : 0;
        case "records" -> {
          expect(value, JsonToken.START_ARRAY, parser);
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
              String recordField = parser.currentName();
              parser.nextToken();
              if (recordField.equals("content")) {
                contents.add(parser.getString());
              } else {
                parser.skipChildren();
              }
            }
          }
        }
        default -> parser.skipChildren();
      }
    }
    if (contents.isEmpty() || name.isEmpty()) {
      return null;
    }
    RecordType type = RecordType.of(typeName);
    if (type == RecordType.TXT) {
      contents.replaceAll(content -> TxtStrings.unquote(content, Escape.DECIMAL));
    } else if (type == RecordType.CNAME) { // as RecordSet holds a target, and external-dns compares it
      contents.replaceAll(target -> target.endsWith(".") ? target.substring(0, target.length() - 1) : target);
    }
    return new ListedSet(name.endsWith(".") ? name.substring(0, name.length() - 1) : name, type, ttl, List.copyOf(contents));
  }

  private static void expect(@Nullable JsonToken token, JsonToken expected, JsonParser parser) {
    if (token != expected) {
      throw new StreamReadException(parser, "expected " + expected + " but found " + token);
    }
  }

  static String content(RecordType type, String value) {
    return switch (type) {
      case CNAME -> value.toLowerCase(Locale.ROOT) + ".";
      case TXT -> TxtStrings.quote(value, Escape.DECIMAL);
      case A, AAAA, NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER -> value;
    };
  }
}
