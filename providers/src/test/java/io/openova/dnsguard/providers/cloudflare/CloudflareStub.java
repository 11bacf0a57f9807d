package io.openova.dnsguard.providers.cloudflare;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Rejection;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.providers.stub.StubServer.Response;
import io.openova.dnsguard.providers.stub.Strict;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cloudflare API v4 as its reference describes it, for the parts dnsguard uses: {@code GET /zones},
 * {@code GET|POST /zones/{id}/dns_records}, {@code PATCH|PUT|DELETE /zones/{id}/dns_records/{id}},
 * {@code POST /zones/{id}/dns_records/batch} (deletes, patches, puts, posts — in that order, in one
 * transaction, at most {@code batchLimit} operations). Every answer is the v4 envelope. Strict like
 * the real API: {@code Authorization: Bearer} required (400 code 6003 when missing, 403 code 10000
 * when wrong), unknown or missing body fields 400, TTL 1 or 60..86400, only A/AAAA/CNAME proxiable,
 * no CNAME beside other records, no identical duplicate, {@code per_page} within range.
 */
final class CloudflareStub implements StubServer.Api {

  static final String TOKEN = "cf-test-token-5up3r-s3cret";

  private static final Pattern ZONES = Pattern.compile("/client/v4/zones");
  private static final Pattern RECORDS = Pattern.compile("/client/v4/zones/([0-9a-f]{32})/dns_records");
  private static final Pattern RECORD = Pattern.compile("/client/v4/zones/([0-9a-f]{32})/dns_records/([0-9a-f]{32})");
  private static final Pattern BATCH = Pattern.compile("/client/v4/zones/([0-9a-f]{32})/dns_records/batch");
  private static final Set<String> RECORD_FIELDS = Set.of("name", "type", "content", "ttl", "proxied", "comment",
      "tags", "priority", "data", "settings");
  private static final Set<String> PROXIABLE = Set.of("A", "AAAA", "CNAME");

  private final JsonMapper json = Strict.json();
  private final Map<String, ZoneState> zones = new LinkedHashMap<>();
  private final int batchLimit;
  private int ids;
  private int batchUnavailableStatus;

  private record ZoneState(String id, String name, Map<String, ObjectNode> records) {}

  CloudflareStub(int batchLimit) {
    this.batchLimit = batchLimit;
  }

  /** The batch endpoint answers {@code status} (403, 404, 405) from now on, as on a plan without it. */
  synchronized void disableBatch(int status) {
    batchUnavailableStatus = status;
  }

  synchronized String addZone(String name) {
    String id = nextId();
    zones.put(id, new ZoneState(id, name, new LinkedHashMap<>()));
    return id;
  }

  /** Records of a zone as stored (copies), in creation order. */
  synchronized List<ObjectNode> records(String zoneId) {
    return zone(zoneId).records().values().stream().map(ObjectNode::deepCopy).toList();
  }

  @Override
  public synchronized Response handle(Request request) {
    authenticate(request);
    String path = request.path();
    Matcher m;
    if (ZONES.matcher(path).matches() && request.method().equals("GET")) {
      List<JsonNode> all = new ArrayList<>();
      zones.values().forEach(z -> all.add(json.createObjectNode().put("id", z.id()).put("name", z.name())
          .put("status", "active").put("paused", false).put("type", "full")));
      return page(request, all, 5, 50);
    }
    if ((m = BATCH.matcher(path)).matches() && request.method().equals("POST")) {
      if (batchUnavailableStatus != 0) {
        throw new Rejection(batchUnavailableStatus, batchUnavailableStatus == 403 ? "10000" : "7003",
            batchUnavailableStatus == 403 ? "Authentication error" : "No route for that URI");
      }
      return ok(batch(zone(m.group(1)), Strict.body(request, "9207")));
    }
    if ((m = RECORDS.matcher(path)).matches()) {
      ZoneState zone = zone(m.group(1));
      return switch (request.method()) {
        case "GET" -> page(request, new ArrayList<>(zone.records().values()), 5, 5_000_000);
        case "POST" -> {
          Map<String, ObjectNode> copy = new LinkedHashMap<>(zone.records());
          ObjectNode created = post(zone, copy, Strict.body(request, "9207"));
          zone.records().clear();
          zone.records().putAll(copy);
          yield ok(created);
        }
        default -> throw new Rejection(405, "7001", "Method " + request.method() + " not allowed");
      };
    }
    if ((m = RECORD.matcher(path)).matches()) {
      ZoneState zone = zone(m.group(1));
      String id = m.group(2);
      Map<String, ObjectNode> copy = new LinkedHashMap<>(zone.records());
      ObjectNode result = switch (request.method()) {
        case "GET" -> existing(copy, id);
        case "PATCH" -> patch(zone, copy, id, Strict.body(request, "9207"), false);
        case "PUT" -> patch(zone, copy, id, Strict.body(request, "9207"), true);
        case "DELETE" -> {
          existing(copy, id);
          copy.remove(id);
          yield json.createObjectNode().put("id", id);
        }
        default -> throw new Rejection(405, "7001", "Method " + request.method() + " not allowed");
      };
      zone.records().clear();
      zone.records().putAll(copy);
      return ok(result);
    }
    throw new Rejection(404, "7003", "Could not route to " + path + ", perhaps your object identifier is invalid?");
  }

  @Override
  public Response error(int status, String code, String message) {
    ObjectNode body = json.createObjectNode().put("success", false);
    ArrayNode errors = body.putArray("errors");
    int numeric;
    try {
      numeric = Integer.parseInt(code);
    } catch (NumberFormatException notNumeric) {
      numeric = status == 429 ? 971 : 10000 + status;
    }
    errors.addObject().put("code", numeric).put("message", message);
    body.putArray("messages");
    body.putNull("result");
    return Response.json(status, body.toString());
  }

  private void authenticate(Request request) {
    String auth = request.header("Authorization").orElse("");
    if (!auth.startsWith("Bearer ")) {
      throw new Rejection(400, "6003", "Invalid request headers (6111: Invalid format for Authorization header)");
    }
    if (!auth.equals("Bearer " + TOKEN)) {
      throw new Rejection(403, "10000", "Authentication error");
    }
  }

  private ObjectNode batch(ZoneState zone, JsonNode body) {
    Strict.object(body, "batch", Set.of(), Set.of("deletes", "patches", "puts", "posts"), "9207");
    int operations = 0;
    for (String kind : List.of("deletes", "patches", "puts", "posts")) {
      JsonNode list = body.path(kind);
      if (!list.isMissingNode() && !list.isArray()) {
        throw new Rejection(400, "9207", kind + " must be an array");
      }
      operations += list.size();
    }
    if (operations == 0) {
      throw new Rejection(400, "9207", "batch must contain at least one operation");
    }
    if (operations > batchLimit) {
      throw new Rejection(400, "81042", "Batch request exceeds the maximum of " + batchLimit + " operations for this zone's plan");
    }
    Map<String, ObjectNode> copy = new LinkedHashMap<>(zone.records());
    ObjectNode result = json.createObjectNode();
    ArrayNode deleted = result.putArray("deletes");
    for (JsonNode delete : body.path("deletes")) {
      Strict.object(delete, "deletes[]", Set.of("id"), Set.of(), "9207");
      String id = delete.path("id").asString("");
      deleted.add(existing(copy, id));
      copy.remove(id);
    }
    ArrayNode patched = result.putArray("patches");
    for (JsonNode patch : body.path("patches")) {
      Strict.object(patch, "patches[]", Set.of("id"), RECORD_FIELDS, "9207");
      ObjectNode fields = ((ObjectNode) patch).deepCopy();
      fields.remove("id");
      patched.add(patch(zone, copy, patch.path("id").asString(""), fields, false));
    }
    ArrayNode put = result.putArray("puts");
    for (JsonNode replace : body.path("puts")) {
      Strict.object(replace, "puts[]", Set.of("id", "name", "type", "content"), RECORD_FIELDS, "9207");
      ObjectNode fields = ((ObjectNode) replace).deepCopy();
      fields.remove("id");
      put.add(patch(zone, copy, replace.path("id").asString(""), fields, true));
    }
    ArrayNode posted = result.putArray("posts");
    for (JsonNode post : body.path("posts")) {
      posted.add(post(zone, copy, post));
    }
    zone.records().clear();
    zone.records().putAll(copy); // all or nothing: only now
    return result;
  }

  private ObjectNode post(ZoneState zone, Map<String, ObjectNode> records, JsonNode body) {
    Strict.object(body, "record", Set.of("name", "type", "content"), RECORD_FIELDS, "9207");
    ObjectNode record = json.createObjectNode().put("id", nextId());
    record.setAll((ObjectNode) body);
    return store(zone, records, record, null);
  }

  private ObjectNode patch(ZoneState zone, Map<String, ObjectNode> records, String id, JsonNode body, boolean replace) {
    ObjectNode before = existing(records, id);
    Strict.object(body, "record", replace ? Set.of("name", "type", "content") : Set.of(), RECORD_FIELDS, "9207");
    ObjectNode record = replace ? json.createObjectNode().put("id", id) : before.deepCopy();
    record.setAll((ObjectNode) body);
    return store(zone, records, record, id);
  }

  // Validates a record as the API would and stores it; returns the stored form.
  private ObjectNode store(ZoneState zone, Map<String, ObjectNode> records, ObjectNode record, String replacing) {
    String type = Strict.string(record, "type", "record", "9207").toUpperCase(Locale.ROOT);
    String name = Strict.string(record, "name", "record", "9207").toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    if (!name.equals(zone.name()) && !name.endsWith("." + zone.name())) {
      name = name.equals("@") ? zone.name() : name + "." + zone.name(); // relative names are allowed
    }
    if (!(Hostname.parse(name) instanceof ParsedHostname.Valid)) {
      throw new Rejection(400, "9005", "Content for " + type + " record is invalid: bad name " + name);
    }
    String content = Strict.string(record, "content", "record", "9207");
    switch (type) {
      case "A" -> requireIp(content, Inet4Address.class, "9005");
      case "AAAA" -> requireIp(content, Inet6Address.class, "9005");
      case "CNAME" -> {
        if (!(Hostname.parse(content) instanceof ParsedHostname.Valid)) {
          throw new Rejection(400, "9007", "Content for CNAME record is invalid.");
        }
      }
      case "TXT" -> {
        if (!io.openova.dnsguard.providers.stub.Strict.wellFormedTxt(content) || content.length() > 2048) {
          throw new Rejection(400, "9100", "TXT content must be quoted character strings of at most 255 bytes");
        }
      }
      case "MX" -> {
        if (!record.path("priority").isIntegralNumber()) {
          throw new Rejection(400, "9100", "MX records need a priority");
        }
      }
      default -> throw new Rejection(400, "9000", "DNS record type " + type + " is invalid or not supported here");
    }
    JsonNode ttlNode = record.path("ttl");
    long ttl = ttlNode.isMissingNode() ? 1 : ttlNode.isIntegralNumber() ? ttlNode.asLong() : -1;
    if (ttl != 1 && (ttl < 60 || ttl > 86_400)) {
      throw new Rejection(400, "9021", "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.");
    }
    JsonNode proxiedNode = record.path("proxied");
    if (!proxiedNode.isMissingNode() && !proxiedNode.isBoolean()) {
      throw new Rejection(400, "9207", "proxied must be a boolean");
    }
    boolean proxied = proxiedNode.asBoolean(false);
    if (proxied && !PROXIABLE.contains(type)) {
      throw new Rejection(400, "9004", "This record type cannot be proxied.");
    }
    for (ObjectNode other : records.values()) {
      if (other.path("id").asString("").equals(replacing) || !other.path("name").asString("").equals(name)) {
        continue;
      }
      String otherType = other.path("type").asString("");
      if (type.equals("CNAME") != otherType.equals("CNAME")) {
        throw new Rejection(400, "81053", "An A, AAAA, or CNAME record with that host already exists.");
      }
      if (otherType.equals(type) && other.path("content").asString("").equals(content)) {
        throw new Rejection(400, "81058", "An identical record already exists.");
      }
    }
    ObjectNode stored = json.createObjectNode()
        .put("id", record.path("id").asString())
        .put("zone_id", zone.id())
        .put("zone_name", zone.name())
        .put("name", name)
        .put("type", type)
        .put("content", type.equals("CNAME") ? content.toLowerCase(Locale.ROOT).replaceAll("\\.$", "") : content)
        .put("proxiable", PROXIABLE.contains(type))
        .put("proxied", proxied)
        .put("ttl", proxied ? 1 : ttl) // proxied records always have automatic TTL
        .put("locked", false);
    if (record.has("priority")) {
      stored.set("priority", record.get("priority"));
    }
    stored.putObject("meta").put("auto_added", false).put("source", "primary");
    stored.putObject("settings");
    stored.set("comment", record.has("comment") ? record.get("comment") : json.nullNode());
    stored.putArray("tags");
    stored.put("created_on", "2026-11-24T10:00:00.000000Z").put("modified_on", "2026-11-24T10:00:00.000000Z");
    records.put(stored.path("id").asString(), stored);
    return stored;
  }

  private static void requireIp(String content, Class<? extends InetAddress> kind, String code) {
    boolean ok;
    try {
      ok = content.matches("[0-9a-fA-F:.]+") && kind.isInstance(InetAddress.getByName(content));
    } catch (java.net.UnknownHostException e) {
      ok = false;
    }
    if (!ok) {
      throw new Rejection(400, code, "Content for " + (kind == Inet4Address.class ? "A" : "AAAA")
          + " record is invalid. Must be a valid IP" + (kind == Inet4Address.class ? "v4" : "v6") + " address.");
    }
  }

  private ObjectNode existing(Map<String, ObjectNode> records, String id) {
    ObjectNode record = records.get(id);
    if (record == null) {
      throw new Rejection(404, "81044", "Record does not exist.");
    }
    return record;
  }

  private Response page(Request request, List<? extends JsonNode> items, int min, int max) {
    int page = intParam(request, "page", 1, 1, Integer.MAX_VALUE);
    int perPage = intParam(request, "per_page", min == 5 && max == 50 ? 20 : 100, min, max);
    for (String param : request.query().keySet()) {
      if (!Set.of("page", "per_page").contains(param)) {
        throw new Rejection(400, "1001", "unknown query parameter " + param);
      }
    }
    int from = Math.min(items.size(), (page - 1) * perPage);
    int to = Math.min(items.size(), from + perPage);
    ObjectNode body = json.createObjectNode().put("success", true);
    body.putArray("errors");
    body.putArray("messages");
    ArrayNode result = body.putArray("result");
    items.subList(from, to).forEach(result::add);
    body.putObject("result_info").put("page", page).put("per_page", perPage).put("count", to - from)
        .put("total_count", items.size()).put("total_pages", Math.max(1, (items.size() + perPage - 1) / perPage));
    return Response.json(200, body.toString());
  }

  private static int intParam(Request request, String name, int fallback, int min, int max) {
    String text = request.param(name).orElse(null);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new Rejection(400, "1001", name + " must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new Rejection(400, "1001", name + " must be a number");
    }
  }

  private Response ok(JsonNode result) {
    ObjectNode body = json.createObjectNode().put("success", true);
    body.putArray("errors");
    body.putArray("messages");
    body.set("result", result);
    return Response.json(200, body.toString());
  }

  private ZoneState zone(String id) {
    ZoneState zone = zones.get(id);
    if (zone == null) {
      throw new Rejection(404, "7003", "Could not route to /zones/" + id + ", perhaps your object identifier is invalid?");
    }
    return zone;
  }

  private String nextId() {
    return String.format(Locale.ROOT, "%032x", ++ids + 0x1000L);
  }
}
