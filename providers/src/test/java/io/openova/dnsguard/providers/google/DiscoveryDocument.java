package io.openova.dnsguard.providers.google;

import io.openova.dnsguard.providers.stub.StubServer.Rejection;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks requests (and the stub's own responses) against the parts of Google's discovery document
 * for Cloud DNS v1 that dnsguard uses ({@code dns-v1-discovery-excerpt.json}): the method is found
 * by HTTP method and path template, query parameters must be declared (method or standard ones)
 * and of their type, and a body may only hold the schema's fields, with their types, recursively.
 * A wrong field is a 400, as Google answers {@code Invalid JSON payload received. Unknown name}.
 */
final class DiscoveryDocument {

  /** A matched method: its id (e.g. {@code dns.changes.create}) and the path parameters. */
  record Call(String id, Map<String, String> pathParameters, JsonNode method) {
    String path(String name) {
      return Objects.requireNonNull(pathParameters.get(name), name);
    }
  }

  private final JsonNode document;

  private DiscoveryDocument(JsonNode document) {
    this.document = document;
  }

  static DiscoveryDocument load(JsonMapper json) {
    try (InputStream in = DiscoveryDocument.class.getResourceAsStream("dns-v1-discovery-excerpt.json")) {
      return new DiscoveryDocument(json.readTree(Objects.requireNonNull(in, "dns-v1-discovery-excerpt.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The method the request calls, its parameters checked; 404 when no method has that path and HTTP method. */
  Call match(Request request) {
    for (Map.Entry<String, JsonNode> entry : document.path("methods").properties()) {
      JsonNode method = entry.getValue();
      if (!method.path("httpMethod").asString().equals(request.method())) {
        continue;
      }
      Matcher matcher = template(method.path("path").asString()).matcher(request.path());
      if (!matcher.matches()) {
        continue;
      }
      Map<String, String> path = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> parameter : method.path("parameters").properties()) {
        if (parameter.getValue().path("location").asString().equals("path")) {
          path.put(parameter.getKey(), URLDecoder.decode(matcher.group(parameter.getKey()), StandardCharsets.UTF_8));
        }
      }
      checkQuery(entry.getKey(), method, request);
      return new Call(entry.getKey(), path, method);
    }
    throw new Rejection(404, "notFound", "no Cloud DNS v1 method " + request.method() + " " + request.path());
  }

  private void checkQuery(String id, JsonNode method, Request request) {
    for (Map.Entry<String, List<String>> param : request.query().entrySet()) {
      JsonNode spec = method.path("parameters").path(param.getKey());
      if (spec.isMissingNode() || !spec.path("location").asString().equals("query")) {
        spec = document.path("parameters").path(param.getKey());
      }
      if (spec.isMissingNode()) {
        throw new Rejection(400, "invalidParameter", "Invalid JSON payload received. Unknown name \"" + param.getKey()
            + "\": Cannot bind query parameter (" + id + ")");
      }
      for (String value : param.getValue()) {
        if (spec.path("type").asString().equals("integer") && !value.matches("-?\\d+")) {
          throw new Rejection(400, "invalidParameter", "Invalid value at '" + param.getKey() + "' (TYPE_INT32), \""
              + value + "\"");
        }
      }
    }
  }

  /** Checks {@code body} against the method's request schema. */
  void checkRequest(Call call, JsonNode body) {
    check(call.method().path("request").path("$ref").asString(), body, "");
  }

  /** Checks a response the stub is about to send against the method's response schema (a stub bug otherwise). */
  void checkResponse(Call call, JsonNode body) {
    try {
      check(call.method().path("response").path("$ref").asString(), body, "");
    } catch (Rejection e) {
      throw new IllegalStateException("stub response breaks the discovery document: " + e.getMessage());
    }
  }

  private void check(String schemaName, JsonNode value, String where) {
    JsonNode schema = document.path("schemas").path(schemaName);
    if (schema.isMissingNode()) {
      throw new IllegalStateException("no schema " + schemaName + " in the excerpt");
    }
    if (!value.isObject()) {
      throw new Rejection(400, "invalid", "Invalid JSON payload received. " + (where.isEmpty() ? "body" : where)
          + ": expected an object (" + schemaName + ")");
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String path = where.isEmpty() ? field.getKey() : where + "." + field.getKey();
      JsonNode spec = schema.path("properties").path(field.getKey());
      if (spec.isMissingNode()) {
        throw new Rejection(400, "invalid", "Invalid JSON payload received. Unknown name \"" + field.getKey() + "\" at '"
            + (where.isEmpty() ? schemaName : where) + "': Cannot find field.");
      }
      checkValue(spec, field.getValue(), path);
    }
  }

  private void checkValue(JsonNode spec, JsonNode value, String path) {
    if (spec.has("$ref")) {
      check(spec.path("$ref").asString(), value, path);
      return;
    }
    String type = spec.path("type").asString();
    boolean ok = switch (type) {
      case "string" -> value.isString() || (spec.path("format").asString().equals("uint64") && value.isIntegralNumber());
      case "integer" -> value.isIntegralNumber() || (value.isString() && value.asString().matches("-?\\d+"));
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      default -> false;
    };
    if (!ok) {
      throw new Rejection(400, "invalid", "Invalid value at '" + path + "' (" + type + "), " + value);
    }
    if (type.equals("array")) {
      int i = 0;
      for (JsonNode item : value) {
        checkValue(spec.path("items"), item, path + "[" + i++ + "]");
      }
    }
    if (spec.has("enum") && value.isString()) {
      boolean known = false;
      for (JsonNode allowed : spec.path("enum")) {
        known |= allowed.asString().equals(value.asString());
      }
      if (!known) {
        throw new Rejection(400, "invalid", "Invalid value at '" + path + "', \"" + value.asString() + "\"");
      }
    }
  }

  private static Pattern template(String path) {
    StringBuilder regex = new StringBuilder("/");
    Matcher parameter = Pattern.compile("\\{(\\w+)}").matcher(path);
    int last = 0;
    while (parameter.find()) {
      regex.append(Pattern.quote(path.substring(last, parameter.start())));
      regex.append("(?<").append(parameter.group(1)).append(">[^/]+)");
      last = parameter.end();
    }
    regex.append(Pattern.quote(path.substring(last)));
    return Pattern.compile(regex.toString());
  }
}
