package io.openova.dnsguard.reconciler.webhookprovider;

import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.provider.ListedSet;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON of the webhook protocol: external-dns's field names, unknown fields ignored as Go does. */
final class WireCodec {

  /** The protocol's media type; external-dns checks it on the negotiation response. */
  static final String MEDIA_TYPE = "application/external.dns.webhook+json;version=1";

  private static final JsonMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private WireCodec() {}

  /** Thrown for a body that is not what the route expects; the message says where. */
  static final class BadBody extends Exception {
    BadBody(String message) {
      super(message);
    }
  }

  static Changes changes(byte[] body) throws BadBody {
    try {
      Changes changes = JSON.readValue(body, Changes.class);
      if (changes == null) {
        throw new BadBody("expected a JSON object of changes (create, updateOld, updateNew, delete), got null");
      }
      return changes;
    } catch (JacksonException e) {
      throw new BadBody("not a JSON object of changes: " + reason(e) + location(e));
    }
  }

  /**
   * {@code body} itself when it is a JSON array of objects (external-dns's endpoints), {@code []}
   * for {@code null}: what {@code POST /adjustendpoints} answers, since PowerDNS stores endpoints as
   * given. Checked token by token, nothing bound: the endpoints go back byte for byte.
   */
  static byte[] endpointArray(byte[] body) throws BadBody {
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.VALUE_NULL && parser.nextToken() == null) {
        return "[]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      }
      if (first != JsonToken.START_ARRAY) {
        throw new BadBody("not a JSON array of endpoints: it starts with " + describe(first) + location(parser));
      }
      JsonToken next;
      while ((next = parser.nextToken()) == JsonToken.START_OBJECT) {
        parser.skipChildren();
      }
      if (next != JsonToken.END_ARRAY) {
        throw new BadBody("not a JSON array of endpoints: " + describe(next) + " where an endpoint object belongs" + location(parser));
      }
      if (parser.nextToken() != null) {
        throw new BadBody("not a JSON array of endpoints: more content after the array" + location(parser));
      }
      return body;
    } catch (JacksonException e) {
      throw new BadBody("not a JSON array of endpoints: " + reason(e) + location(e));
    }
  }

  private static String describe(@Nullable JsonToken token) {
    return token == null ? "the end of the body" : token.asString() == null ? token.name() : "'" + token.asString() + "'";
  }

  private static String location(JsonParser parser) {
    return " (line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr() + ")";
  }

  // Jackson's own text, without its note on where an unclosed object started (the location follows).
  private static String reason(JacksonException e) {
    String text = e.getOriginalMessage();
    int note = text.indexOf(" (start marker at");
    return note < 0 ? text : text.substring(0, note);
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  static byte[] write(Object value) {
    return JSON.writeValueAsBytes(value);
  }

  /**
   * The answer of {@code GET /records}: each set as external-dns's endpoint JSON ({@code dnsName},
   * {@code targets}, {@code recordType}, {@code recordTTL}), written as a stream into a buffer sized
   * for it. TXT targets are quoted as external-dns writes them.
   */
  static byte[] endpoints(List<ListedSet> sets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + sets.size() * 96);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartArray();
      for (ListedSet set : sets) {
        generator.writeStartObject();
        generator.writeStringProperty("dnsName", set.name());
        generator.writeName("targets");
        generator.writeStartArray();
        for (String value : set.values()) {
          generator.writeString(set.type() == RecordType.TXT ? '"' + value + '"' : value);
        }
        generator.writeEndArray();
        generator.writeStringProperty("recordType", set.type().name());
        if (set.ttl() > 0) {
          generator.writeNumberProperty("recordTTL", set.ttl());
        }
        generator.writeEndObject();
      }
      generator.writeEndArray();
    }
    return out.toByteArray();
  }

  /** The negotiation answer: external-dns's {@code DomainFilter} JSON. */
  static byte[] domainFilter(List<String> include) {
    return write(include.isEmpty() ? Map.of() : Map.of("include", include));
  }

  /** The body of a refused (partly refused) {@code POST /records}. */
  static byte[] refusals(Outcome outcome) {
    return write(Map.of("owner", outcome.owner(), "applied", outcome.applied(), "refused", outcome.refused().stream()
        .map(r -> Map.of("dnsName", r.dnsName(), "recordType", r.recordType(), "reason", r.reason().label(),
            "message", r.message()))
        .toList()));
  }
}
