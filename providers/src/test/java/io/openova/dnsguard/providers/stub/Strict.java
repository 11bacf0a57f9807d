package io.openova.dnsguard.providers.stub;

import java.nio.charset.StandardCharsets;
import io.openova.dnsguard.providers.stub.StubServer.Rejection;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request checks that make a stub as strict as the real API: a body that is not JSON, an unknown
 * field or a missing required one is answered 400, never silently ignored.
 */
public final class Strict {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Strict() {}

  /** The request's JSON body; 400 if it is not JSON or the Content-Type is not JSON. */
  public static JsonNode body(Request request, String code) {
    String type = request.header("Content-Type").orElse("");
    if (!type.startsWith("application/json")) {
      throw new Rejection(400, code, "Content-Type must be application/json, not \"" + type + "\"");
    }
    try {
      return JSON.readTree(request.body());
    } catch (JacksonException e) {
      throw new Rejection(400, code, "request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Checks that {@code node} is an object with all of {@code required} and nothing outside {@code required ∪ optional}. */
  public static JsonNode object(JsonNode node, String where, Set<String> required, Set<String> optional, String code) {
    if (node == null || !node.isObject()) {
      throw new Rejection(400, code, where + " must be a JSON object");
    }
    List<String> unknown = new ArrayList<>();
    for (String field : node.propertyNames()) {
      if (!required.contains(field) && !optional.contains(field)) {
        unknown.add(field);
      }
    }
    if (!unknown.isEmpty()) {
      throw new Rejection(400, code, where + ": unknown field(s) " + unknown);
    }
    for (String field : required) {
      if (!node.has(field) || node.get(field).isNull()) {
        throw new Rejection(400, code, where + ": missing required field \"" + field + "\"");
      }
    }
    return node;
  }

  /** The string field, 400 if present and not a string. */
  public static String string(JsonNode node, String field, String where, String code) {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new Rejection(400, code, where + "." + field + " must be a string");
    }
    return value.asString();
  }

  public static JsonMapper json() {
    return JSON;
  }

  /** Whether presentation-format TXT content is well formed (what the stubs hold providers to): balanced quotes, parts of at most 255 bytes. */
  public static boolean wellFormedTxt(String content) {
    String trimmed = content.strip();
    if (!trimmed.startsWith("\"")) {
      return !trimmed.isEmpty();
    }
    boolean quoted = false;
    int partBytes = 0;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        partBytes = 0;
      } else if (quoted) {
        if (c == '\\' && i + 1 < trimmed.length()) {
          i += Character.isDigit(trimmed.charAt(i + 1)) ? 3 : 1;
          partBytes++;
        } else {
          partBytes += String.valueOf(c).getBytes(StandardCharsets.UTF_8).length;
        }
        if (partBytes > io.openova.dnsguard.provider.support.TxtStrings.MAX_STRING_BYTES) {
          return false;
        }
      } else if (c != ' ') {
        return false;
      }
    }
    return !quoted;
  }
}
