package io.openova.dnsguard.providers.google;

import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Rejection;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.providers.stub.StubServer.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful stand-in for Cloud DNS v1 with the published semantics dnsguard relies on. Every
 * request is matched and checked against the discovery document ({@link DiscoveryDocument}: path,
 * HTTP method, query parameters, body fields and types), must carry {@code Authorization: Bearer
 * <token>}, and every response is checked against its schema too.
 *
 * <ul>
 *   <li>{@code managedZones.list}, {@code resourceRecordSets.list}: pages of at most {@code
 *       maxResults} (and the stub's own page size), {@code nextPageToken} opaque.</li>
 *   <li>{@code changes.create}: atomic. Names must be absolute and inside the zone; deletions must
 *       match an existing set exactly (TTL and rrdatas) or nothing happens and the answer is 412
 *       {@code conditionNotMet}; an addition whose name and type exist (after the deletions) is 409
 *       {@code alreadyExists}; a CNAME beside other data is 400.</li>
 *   <li>Errors in Google's format: {@code {"error": {"code", "message", "errors": [{"domain",
 *       "reason", "message"}], "status"}}}.</li>
 * </ul>
 */
final class GoogleDnsApi implements StubServer.Api {

  /** {@code changes.create} requests. */
  static final Predicate<Request> CHANGES = r -> r.method().equals("POST") && r.path().endsWith("/changes");

  private record Key(String name, String type) {}

  private record ManagedZone(String name, String dnsName, long id, TreeMap<Key, ObjectNode> rrsets) {}

  private final JsonMapper json = JsonMapper.builder().build();
  private final DiscoveryDocument discovery = DiscoveryDocument.load(json);
  private final String project;
  private final String token;
  private final int pageSize;
  private final Map<String, ManagedZone> zones = new LinkedHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private int loseAnswers;
  private Runnable beforeNextChange = () -> {};

  GoogleDnsApi(String project, String token, int pageSize) {
    this.project = project;
    this.token = token;
    this.pageSize = pageSize;
  }

  /** Creates a managed zone with its SOA and NS, as Cloud DNS does. */
  synchronized void createZone(String name, String dnsName) {
    ManagedZone zone = new ManagedZone(name, dnsName, ids.incrementAndGet(), new TreeMap<>(
        Comparator.comparing(Key::name).thenComparing(Key::type)));
    zones.put(name, zone);
    put(name, rrset(dnsName, "SOA", 21600, List.of("ns-cloud-a1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300")));
    put(name, rrset(dnsName, "NS", 21600, List.of("ns-cloud-a1.googledomains.com.", "ns-cloud-a2.googledomains.com.")));
  }

  /** Writes an rrset as another tool would have, bypassing the API. */
  synchronized void put(String zone, ObjectNode rrset) {
    zones.get(zone).rrsets().put(new Key(rrset.path("name").asString(), rrset.path("type").asString()), rrset);
  }

  synchronized List<ObjectNode> rrsets(String zone) {
    return List.copyOf(zones.get(zone).rrsets().values());
  }

  /** Every rrset of every zone. */
  synchronized List<ObjectNode> rrsetsEverywhere() {
    return zones.values().stream().flatMap(z -> z.rrsets().values().stream()).toList();
  }

  ObjectNode rrset(String name, String type, long ttl, List<String> rrdatas) {
    ObjectNode rrset = json.createObjectNode();
    rrset.put("kind", "dns#resourceRecordSet").put("name", name).put("type", type).put("ttl", ttl);
    ArrayNode values = rrset.putArray("rrdatas");
    rrdatas.forEach(values::add);
    return rrset;
  }

  /** The next {@code count} changes are applied, but their answers lost (503): the client cannot know. */
  synchronized void loseAnswers(int count) {
    loseAnswers = count;
  }

  /** Runs once, just before the next change is applied: someone else writing in between. */
  synchronized void beforeNextChange(Runnable action) {
    beforeNextChange = action;
  }

  @Override
  public synchronized Response handle(Request request) {
    DiscoveryDocument.Call call = discovery.match(request);
    String authorization = request.header("Authorization").orElse("");
    if (!authorization.equals("Bearer " + token)) {
      throw new Rejection(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access"
          + " token, login cookie or other valid authentication credential.");
    }
    if (!call.path("project").equals(project)) {
      throw new Rejection(403, "forbidden", "The caller does not have permission");
    }
    JsonNode response = switch (call.id()) {
      case "dns.managedZones.list" -> listZones(request);
      case "dns.resourceRecordSets.list" -> listRrsets(zone(call), request);
      case "dns.changes.create" -> change(zone(call), body(request, call));
      default -> throw new Rejection(501, "notImplemented", call.id() + " is not part of this stub");
    };
    discovery.checkResponse(call, response);
    if (call.id().equals("dns.changes.create") && loseAnswers > 0) {
      loseAnswers--;
      return error(503, "backendError", "The service is currently unavailable (answer lost after applying).");
    }
    return Response.json(200, json.writeValueAsString(response));
  }

  private ManagedZone zone(DiscoveryDocument.Call call) {
    ManagedZone zone = zones.get(call.path("managedZone"));
    if (zone == null) {
      throw new Rejection(404, "notFound", "The 'parameters.managedZone' resource named '" + call.path("managedZone")
          + "' does not exist.");
    }
    return zone;
  }

  private JsonNode body(Request request, DiscoveryDocument.Call call) {
    if (!request.header("Content-Type").orElse("").startsWith("application/json")) {
      throw new Rejection(400, "parseError", "This API does not support parsing form-encoded input.");
    }
    JsonNode body;
    try {
      body = json.readTree(request.body());
    } catch (JacksonException e) {
      throw new Rejection(400, "parseError", "Invalid JSON payload received. " + e.getOriginalMessage());
    }
    discovery.checkRequest(call, body);
    return body;
  }

  private <T> List<T> page(List<T> all, Request request, ObjectNode response) {
    int size = Math.min(pageSize, request.param("maxResults").map(Integer::parseInt).orElse(Integer.MAX_VALUE));
    int from = request.param("pageToken").map(t -> Integer.parseInt(t.replace("tok-", ""))).orElse(0);
    int to = Math.min(all.size(), from + size);
    if (to < all.size()) {
      response.put("nextPageToken", "tok-" + to);
    }
    return all.subList(Math.min(from, all.size()), to);
  }

  private JsonNode listZones(Request request) {
    ObjectNode response = json.createObjectNode().put("kind", "dns#managedZonesListResponse");
    ArrayNode out = response.putArray("managedZones");
    for (ManagedZone zone : page(new ArrayList<>(zones.values()), request, response)) {
      out.addObject().put("kind", "dns#managedZone").put("name", zone.name()).put("dnsName", zone.dnsName())
          .put("id", Long.toString(zone.id())).put("visibility", "public").put("description", "");
    }
    return response;
  }

  private JsonNode listRrsets(ManagedZone zone, Request request) {
    ObjectNode response = json.createObjectNode().put("kind", "dns#resourceRecordSetsListResponse");
    ArrayNode out = response.putArray("rrsets");
    List<ObjectNode> all = zone.rrsets().values().stream()
        .filter(r -> request.param("name").map(n -> n.equals(r.path("name").asString())).orElse(true))
        .filter(r -> request.param("type").map(t -> t.equals(r.path("type").asString())).orElse(true))
        .toList();
    page(all, request, response).forEach(r -> out.add(r.deepCopy()));
    return response;
  }

  private JsonNode change(ManagedZone zone, JsonNode change) {
    Runnable before = beforeNextChange;
    beforeNextChange = () -> {};
    before.run();
    TreeMap<Key, ObjectNode> next = new TreeMap<>(zone.rrsets());
    for (JsonNode deletion : change.path("deletions")) {
      Key key = key(zone, deletion, false);
      ObjectNode existing = next.get(key);
      if (existing == null || existing.path("ttl").asLong() != deletion.path("ttl").asLong()
          || !rrdatas(existing).equals(rrdatas(deletion))) {
        throw new Rejection(412, "conditionNotMet", "Precondition not met for 'entity.change.deletions[" + key.name()
            + "][" + key.type() + "]'");
      }
      next.remove(key);
    }
    Set<Key> added = new HashSet<>();
    for (JsonNode addition : change.path("additions")) {
      Key key = key(zone, addition, true);
      if (!added.add(key)) {
        throw new Rejection(400, "invalid", "The resource 'entity.change.additions[" + key.name() + "][" + key.type()
            + "]' is named more than once");
      }
      if (next.containsKey(key)) {
        throw new Rejection(409, "alreadyExists", "The resource 'entity.change.additions[" + key.name() + "]["
            + key.type() + "]' named '" + key.name() + " (" + key.type() + ")' already exists");
      }
      ObjectNode stored = rrset(key.name(), key.type(), addition.path("ttl").asLong(), rrdatas(addition));
      next.put(key, stored);
    }
    for (Key key : next.keySet()) {
      if (key.type().equals("CNAME") && next.keySet().stream().anyMatch(k -> k.name().equals(key.name()) && !k.equals(key))) {
        throw new Rejection(400, "cnameResourceRecordSetConflict", "The resource 'entity.change.additions[" + key.name()
            + "][CNAME]' has a CNAME conflict with another record set");
      }
    }
    zone.rrsets().clear();
    zone.rrsets().putAll(next);
    ObjectNode response = json.createObjectNode().put("kind", "dns#change").put("id", Long.toString(ids.incrementAndGet()))
        .put("status", "done").put("startTime", Instant.now().toString());
    if (change.has("additions")) {
      response.set("additions", change.get("additions").deepCopy());
    }
    if (change.has("deletions")) {
      response.set("deletions", change.get("deletions").deepCopy());
    }
    return response;
  }

  private Key key(ManagedZone zone, JsonNode rrset, boolean addition) {
    String name = rrset.path("name").asString("");
    String type = rrset.path("type").asString("");
    if (name.isEmpty() || type.isEmpty()) {
      throw new Rejection(400, "required", "Required field 'entity.change." + (addition ? "additions" : "deletions")
          + "[].name/type' not specified");
    }
    if (!name.endsWith(".")) {
      throw new Rejection(400, "invalid", "Invalid value for 'entity.change." + (addition ? "additions" : "deletions")
          + "[" + name + "].name': '" + name + "' (the name must be absolute, with a trailing dot)");
    }
    if (!name.equals(zone.dnsName()) && !name.endsWith("." + zone.dnsName())) {
      throw new Rejection(400, "invalid", "Invalid value for 'entity.change.additions[" + name + "].name': '" + name
          + "' is not in zone " + zone.dnsName());
    }
    if (addition && (!rrset.has("ttl") || rrdatas(rrset).isEmpty())) {
      throw new Rejection(400, "required", "Required field 'entity.change.additions[" + name + "].ttl/rrdata' not specified");
    }
    return new Key(name, type);
  }

  private static List<String> rrdatas(JsonNode rrset) {
    List<String> out = new ArrayList<>();
    rrset.path("rrdatas").forEach(r -> out.add(r.asString()));
    return out.stream().sorted().toList();
  }

  @Override
  public Response error(int status, String code, String message) {
    String reason = switch (status) {
      case 429 -> "rateLimitExceeded";
      case 500 -> "backendError";
      default -> code;
    };
    String grpc = switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ALREADY_EXISTS";
      case 412 -> "FAILED_PRECONDITION";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      default -> "INTERNAL";
    };
    ObjectNode body = json.createObjectNode();
    ObjectNode error = body.putObject("error").put("code", status).put("message", message);
    error.putArray("errors").addObject().put("message", message).put("domain", "global").put("reason", reason);
    error.put("status", grpc);
    return Response.json(status, json.writeValueAsString(body));
  }
}
