package io.openova.dnsguard.providers.hetzner;

import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Rejection;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.providers.stub.StubServer.Response;
import io.openova.dnsguard.providers.stub.Strict;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Hetzner Cloud API's DNS part as its reference describes it: zones, rrsets (relative lower
 * case names, {@code @} apex, zone-file values, TXT as quoted strings), rrset actions {@code
 * set_records} and {@code change_ttl}, rrset delete, and Actions that run until polled ({@code GET
 * /v1/actions?id=}). Every answer carries {@code RateLimit-Limit/-Remaining/-Reset}; with the
 * budget spent it answers 429 {@code rate_limit_exceeded}. Errors are {@code {"error": {"code",
 * "message", "details"}}}; unknown or missing fields are 400 {@code invalid_input}.
 */
final class HetznerStub implements StubServer.Api {

  static final String TOKEN = "hcloud-test-t0ken-of-64-characters-xxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
  static final int LIMIT = 3_600;

  private static final Pattern ZONES = Pattern.compile("/v1/zones");
  private static final Pattern ZONE = Pattern.compile("/v1/zones/([^/]+)");
  private static final Pattern RRSETS = Pattern.compile("/v1/zones/([^/]+)/rrsets");
  private static final Pattern RRSET = Pattern.compile("/v1/zones/([^/]+)/rrsets/([^/]+)/([A-Z]+)");
  private static final Pattern RRSET_ACTION = Pattern.compile("/v1/zones/([^/]+)/rrsets/([^/]+)/([A-Z]+)/actions/([a-z_]+)");
  private static final Pattern ACTIONS = Pattern.compile("/v1/actions");
  private static final Set<String> TYPES = Set.of("A", "AAAA", "CAA", "CNAME", "DS", "HINFO", "HTTPS", "MX", "NS",
      "PTR", "RP", "SOA", "SRV", "SVCB", "TLSA", "TXT");

  private record ZoneState(long id, String name, long ttl, Map<String, ObjectNode> rrsets) {}

  private final JsonMapper json = Strict.json();
  private final Clock clock;
  private final Map<Long, ZoneState> zones = new LinkedHashMap<>();
  private final Map<Long, ObjectNode> actions = new TreeMap<>();
  private final Map<Long, Integer> pollsLeft = new LinkedHashMap<>();
  private long ids = 1000;
  private int remaining = LIMIT;
  private java.time.Instant refilled;
  private String failNextAction;

  HetznerStub(Clock clock) {
    this.clock = clock;
    this.refilled = clock.instant();
  }

  /** The next action ends in error with this message (as an action failing server-side would). */
  synchronized void failNextAction(String message) {
    failNextAction = message;
  }

  synchronized Zone addZone(String name) {
    long id = ++ids;
    ZoneState zone = new ZoneState(id, name, 3600, new TreeMap<>());
    zones.put(id, zone);
    zone.rrsets().put("@/SOA", rrset("@", "SOA", null, List.of("hydrogen.ns.hetzner.com. dns.hetzner.com. 2026112401 86400 10800 3600000 3600")));
    zone.rrsets().put("@/NS", rrset("@", "NS", null, List.of("hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.",
        "helium.ns.hetzner.de.")));
    return new Zone(id, name);
  }

  record Zone(long id, String name) {}

  /** The rrsets of a zone as stored (copies). */
  synchronized List<ObjectNode> rrsets(long zoneId) {
    return zones.get(zoneId).rrsets().values().stream().map(ObjectNode::deepCopy).toList();
  }

  /** Sets the budget the next answers report (and enforce). */
  synchronized void remaining(int requests) {
    remaining = requests;
  }

  /** Writes an rrset directly, as the Console or another tool would. */
  synchronized void put(long zoneId, String name, String type, Long ttl, List<String> values) {
    zones.get(zoneId).rrsets().put(name + "/" + type, rrset(name, type, ttl, values));
  }

  @Override
  public synchronized Response handle(Request request) {
    if (!request.header("Authorization").orElse("").equals("Bearer " + TOKEN)) {
      throw new Rejection(401, "unauthorized", "unable to authenticate");
    }
    // The budget refills gradually: one request per second at 3,600 an hour.
    long seconds = java.time.Duration.between(refilled, clock.instant()).toSeconds();
    if (seconds > 0) {
      remaining = (int) Math.min(LIMIT, remaining + seconds);
      refilled = refilled.plusSeconds(seconds);
    }
    if (remaining <= 0) {
      return headers(error(429, "rate_limit_exceeded", "limit of " + LIMIT + " requests per hour reached"));
    }
    remaining--;
    return headers(route(request));
  }

  private Response headers(Response response) {
    long reset = clock.instant().getEpochSecond() + (LIMIT - Math.max(0, remaining));
    return response.withHeader("RateLimit-Limit", Integer.toString(LIMIT))
        .withHeader("RateLimit-Remaining", Integer.toString(Math.max(0, remaining)))
        .withHeader("RateLimit-Reset", Long.toString(reset));
  }

  private Response route(Request request) {
    String path = request.path();
    String method = request.method();
    Matcher m;
    if (ZONES.matcher(path).matches() && method.equals("GET")) {
      checkQuery(request, Set.of("page", "per_page", "name", "mode", "label_selector", "sort"));
      List<JsonNode> all = new ArrayList<>();
      zones.values().forEach(z -> all.add(zoneJson(z)));
      return page(request, "zones", all);
    }
    if ((m = RRSET_ACTION.matcher(path)).matches() && method.equals("POST")) {
      ZoneState zone = zone(m.group(1));
      String key = decode(m.group(2)) + "/" + m.group(3);
      ObjectNode rrset = zone.rrsets().get(key);
      if (rrset == null) {
        throw new Rejection(404, "not_found", "RRSet not found");
      }
      JsonNode body = Strict.body(request, "invalid_input");
      return switch (m.group(4)) {
        case "set_records" -> {
          Strict.object(body, "body", Set.of("records"), Set.of(), "invalid_input");
          ArrayNode records = records(m.group(3), body.path("records"));
          checkCname(zone, decode(m.group(2)), m.group(3));
          rrset.set("records", records);
          yield action(201, "set_rrset_records", zone);
        }
        case "change_ttl" -> {
          Strict.object(body, "body", Set.of(), Set.of("ttl"), "invalid_input");
          if (!body.has("ttl")) {
            throw new Rejection(400, "invalid_input", "missing field ttl");
          }
          rrset.set("ttl", ttl(body.get("ttl")));
          yield action(201, "change_rrset_ttl", zone);
        }
        default -> throw new Rejection(404, "not_found", "no action " + m.group(4));
      };
    }
    if ((m = RRSET.matcher(path)).matches()) {
      ZoneState zone = zone(m.group(1));
      String key = decode(m.group(2)) + "/" + m.group(3);
      ObjectNode rrset = zone.rrsets().get(key);
      if (rrset == null) {
        throw new Rejection(404, "not_found", "RRSet not found");
      }
      return switch (method) {
        case "GET" -> Response.json(200, json.createObjectNode().set("rrset", withZone(rrset, zone)).toString());
        case "DELETE" -> {
          if (m.group(3).equals("SOA")) {
            throw new Rejection(422, "invalid_input", "SOA cannot be deleted");
          }
          zone.rrsets().remove(key);
          yield action(201, "delete_rrset", zone);
        }
        default -> throw new Rejection(405, "method_not_allowed", method);
      };
    }
    if ((m = RRSETS.matcher(path)).matches()) {
      ZoneState zone = zone(m.group(1));
      if (method.equals("GET")) {
        checkQuery(request, Set.of("page", "per_page", "name", "type", "label_selector", "sort"));
        List<JsonNode> all = new ArrayList<>();
        zone.rrsets().values().forEach(r -> all.add(withZone(r, zone)));
        return page(request, "rrsets", all);
      }
      if (method.equals("POST")) {
        JsonNode body = Strict.body(request, "invalid_input");
        Strict.object(body, "body", Set.of("name", "type", "records"), Set.of("ttl", "labels"), "invalid_input");
        String name = Strict.string(body, "name", "body", "invalid_input");
        String type = Strict.string(body, "type", "body", "invalid_input");
        checkName(zone, name);
        if (!TYPES.contains(type)) {
          throw new Rejection(400, "invalid_input", "invalid type " + type);
        }
        if (zone.rrsets().containsKey(name + "/" + type)) {
          throw new Rejection(409, "uniqueness_error", "RRSet " + name + "/" + type + " already exists");
        }
        ArrayNode records = records(type, body.path("records"));
        checkCname(zone, name, type);
        ObjectNode rrset = rrset(name, type, null, List.of());
        rrset.set("records", records);
        rrset.set("ttl", body.has("ttl") ? ttl(body.get("ttl")) : json.nullNode());
        zone.rrsets().put(name + "/" + type, rrset);
        Response action = action(201, "create_rrset", zone);
        ObjectNode answer = (ObjectNode) json.readTree(action.body());
        answer.set("rrset", withZone(rrset, zone));
        return Response.json(201, answer.toString());
      }
    }
    if ((m = ZONE.matcher(path)).matches() && method.equals("GET")) {
      return Response.json(200, json.createObjectNode().set("zone", zoneJson(zone(m.group(1)))).toString());
    }
    if (ACTIONS.matcher(path).matches() && method.equals("GET")) {
      checkQuery(request, Set.of("id", "page", "per_page", "status", "sort"));
      ArrayNode list = json.createArrayNode();
      for (String id : request.params("id")) {
        ObjectNode action = actions.get(Long.parseLong(id));
        if (action == null) {
          continue;
        }
        int left = pollsLeft.merge(action.path("id").asLong(), -1, Integer::sum);
        if (left <= 0 && action.path("status").asString().equals("running")) {
          action.put("status", "success").put("progress", 100).put("finished", clock.instant().toString());
        }
        list.add(action.deepCopy());
      }
      ObjectNode answer = json.createObjectNode();
      answer.set("actions", list);
      answer.set("meta", pagination(1, 25, list.size()));
      return Response.json(200, answer.toString());
    }
    throw new Rejection(404, "not_found", "no route " + method + " " + path);
  }

  @Override
  public Response error(int status, String code, String message) {
    ObjectNode body = json.createObjectNode();
    body.putObject("error").put("code", code).put("message", message).putObject("details");
    return Response.json(status, body.toString());
  }

  private Response action(int status, String command, ZoneState zone) {
    long id = ++ids;
    ObjectNode action = json.createObjectNode().put("id", id).put("command", command).put("status", "running")
        .put("progress", 0).put("started", clock.instant().toString());
    action.putNull("finished");
    action.putArray("resources").addObject().put("id", zone.id()).put("type", "zone");
    action.putNull("error");
    if (failNextAction != null) {
      action.put("status", "error").put("progress", 100);
      action.putObject("error").put("code", "action_failed").put("message", failNextAction);
      failNextAction = null;
    }
    actions.put(id, action);
    pollsLeft.put(id, 1); // running until it has been polled once
    return Response.json(status, json.createObjectNode().set("action", action.deepCopy()).toString());
  }

  private ArrayNode records(String type, JsonNode records) {
    if (!records.isArray() || records.isEmpty()) {
      throw new Rejection(400, "invalid_input", "records must be a non-empty array");
    }
    Set<String> seen = new HashSet<>();
    ArrayNode out = json.createArrayNode();
    for (JsonNode record : records) {
      Strict.object(record, "records[]", Set.of("value"), Set.of("comment"), "invalid_input");
      String value = Strict.string(record, "value", "records[]", "invalid_input");
      if (!seen.add(value)) {
        throw new Rejection(400, "invalid_input", "records must only contain distinct values: " + value);
      }
      switch (type) {
        case "A" -> ip(value, Inet4Address.class);
        case "AAAA" -> ip(value, Inet6Address.class);
        case "CNAME" -> {
          if (!value.endsWith(".") || !value.equals(value.toLowerCase(java.util.Locale.ROOT))) {
            throw new Rejection(400, "invalid_input", "CNAME value must be a lower-case FQDN ending with a dot: " + value);
          }
        }
        case "TXT" -> {
          if (!value.startsWith("\"") || !io.openova.dnsguard.providers.stub.Strict.wellFormedTxt(value)) {
            throw new Rejection(400, "invalid_input", "TXT value must consist of quoted strings of at most 255 characters");
          }
        }
        default -> {}
      }
      out.addObject().put("value", value).put("comment", record.path("comment").asString(""));
    }
    return out;
  }

  private JsonNode ttl(JsonNode ttl) {
    if (ttl.isNull()) {
      return json.nullNode();
    }
    if (!ttl.isIntegralNumber() || ttl.asLong() < 60 || ttl.asLong() > Integer.MAX_VALUE) {
      throw new Rejection(400, "invalid_input", "ttl must be null or 60..2147483647");
    }
    return ttl;
  }

  private void checkName(ZoneState zone, String name) {
    if (!name.equals("@") && (!name.equals(name.toLowerCase(java.util.Locale.ROOT)) || name.endsWith(".")
        || name.endsWith(zone.name()) || name.isEmpty())) {
      throw new Rejection(400, "invalid_input",
          "name must be lower case, relative to the zone, without trailing dot, or @: " + name);
    }
  }

  private void checkCname(ZoneState zone, String name, String type) {
    for (String key : zone.rrsets().keySet()) {
      String otherName = key.substring(0, key.lastIndexOf('/'));
      String otherType = key.substring(key.lastIndexOf('/') + 1);
      if (otherName.equals(name) && !otherType.equals(type) && (type.equals("CNAME") || otherType.equals("CNAME"))) {
        throw new Rejection(422, "invalid_input", "CNAME cannot coexist with other records at " + name);
      }
    }
  }

  private static void ip(String value, Class<? extends InetAddress> kind) {
    boolean ok;
    try {
      ok = value.matches("[0-9a-fA-F:.]+") && kind.isInstance(InetAddress.getByName(value));
    } catch (java.net.UnknownHostException e) {
      ok = false;
    }
    if (!ok) {
      throw new Rejection(400, "invalid_input", "invalid IP address " + value);
    }
  }

  private ObjectNode rrset(String name, String type, Long ttl, List<String> values) {
    ObjectNode rrset = json.createObjectNode().put("id", name + "/" + type).put("name", name).put("type", type);
    if (ttl == null) {
      rrset.putNull("ttl");
    } else {
      rrset.put("ttl", ttl);
    }
    rrset.putObject("labels");
    rrset.putObject("protection").put("change", false);
    ArrayNode records = rrset.putArray("records");
    values.forEach(v -> records.addObject().put("value", v).put("comment", ""));
    return rrset;
  }

  private ObjectNode withZone(ObjectNode rrset, ZoneState zone) {
    return rrset.deepCopy().put("zone", zone.id());
  }

  private ObjectNode zoneJson(ZoneState z) {
    ObjectNode zone = json.createObjectNode().put("id", z.id()).put("name", z.name()).put("created",
        "2026-11-24T10:00:00Z").put("mode", "primary").put("ttl", z.ttl()).put("status", "ok")
        .put("record_count", z.rrsets().size()).put("registrar", "other");
    zone.putArray("primary_nameservers");
    zone.putObject("labels");
    zone.putObject("protection").put("delete", false);
    zone.putObject("authoritative_nameservers").putArray("assigned").add("hydrogen.ns.hetzner.com.");
    return zone;
  }

  private Response page(Request request, String field, List<JsonNode> items) {
    int page = number(request, "page", 1, 1, Integer.MAX_VALUE);
    int perPage = number(request, "per_page", 25, 1, 50);
    int from = Math.min(items.size(), (page - 1) * perPage);
    int to = Math.min(items.size(), from + perPage);
    ObjectNode answer = json.createObjectNode();
    ArrayNode list = answer.putArray(field);
    items.subList(from, to).forEach(list::add);
    answer.set("meta", pagination(page, perPage, items.size()));
    return Response.json(200, answer.toString());
  }

  private ObjectNode pagination(int page, int perPage, int total) {
    int last = Math.max(1, (total + perPage - 1) / perPage);
    ObjectNode meta = json.createObjectNode();
    ObjectNode p = meta.putObject("pagination").put("page", page).put("per_page", perPage);
    if (page > 1) {
      p.put("previous_page", page - 1);
    } else {
      p.putNull("previous_page");
    }
    if (page < last) {
      p.put("next_page", page + 1);
    } else {
      p.putNull("next_page");
    }
    p.put("last_page", last).put("total_entries", total);
    return meta;
  }

  private static int number(Request request, String name, int fallback, int min, int max) {
    String text = request.param(name).orElse(null);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new Rejection(400, "invalid_input", name + " must be " + min + ".." + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new Rejection(400, "invalid_input", name + " must be a number");
    }
  }

  private static void checkQuery(Request request, Set<String> allowed) {
    for (String param : request.query().keySet()) {
      if (!allowed.contains(param)) {
        throw new Rejection(400, "invalid_input", "unknown query parameter " + param);
      }
    }
  }

  private ZoneState zone(String idOrName) {
    String key = decode(idOrName);
    for (ZoneState zone : zones.values()) {
      if (Long.toString(zone.id()).equals(key) || zone.name().equals(key)) {
        return zone;
      }
    }
    throw new Rejection(404, "not_found", "zone not found");
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }
}
