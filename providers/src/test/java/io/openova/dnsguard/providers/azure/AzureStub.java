package io.openova.dnsguard.providers.azure;

import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Rejection;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.providers.stub.StubServer.Response;
import io.openova.dnsguard.providers.stub.Strict;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * Azure DNS (Resource Manager, api-version 2018-05-01) and the Entra ID v2.0 token endpoint as
 * their references describe them: zones and record sets listed with {@code nextLink}, record sets
 * PUT and DELETE with {@code If-Match}/{@code If-None-Match} (412 PreconditionFailed), relative
 * names and {@code @}, TXT values as arrays of strings of at most 255 bytes, errors as {@code
 * {"error": {"code", "message"}}}. Strict: {@code api-version} required, Bearer token must be one it
 * issued, unknown or mismatched properties 400.
 */
final class AzureStub implements StubServer.Api {

  static final String SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-111122223333";
  static final String GROUP = "dns-rg";
  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String CLIENT = "11111111-2222-3333-4444-555555555555";
  static final String SECRET = "azure-cl13nt-s3cret";
  static final String FEDERATED = "eyJhbGciOiJSUzI1NiJ9.federated-service-account-token.sig";

  private static final String BASE = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP
      + "/providers/Microsoft.Network/dnsZones";
  private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
  private static final Pattern ZONE_PATH = Pattern.compile(Pattern.quote(BASE) + "(?:/([^/]+)(?:/(recordsets|[A-Z]+)(?:/([^/]+))?)?)?");
  private static final Map<String, String> FIELD = Map.of("A", "ARecords", "AAAA", "AAAARecords", "CNAME", "CNAMERecord",
      "TXT", "TXTRecords", "MX", "MXRecords", "NS", "NSRecords", "SOA", "SOARecord", "CAA", "caaRecords",
      "SRV", "SRVRecords", "PTR", "PTRRecords");

  private final JsonMapper json = Strict.json();
  private final Map<String, Map<String, ObjectNode>> zones = new LinkedHashMap<>();
  private final Set<String> issued = new HashSet<>();
  private final List<String> grants = new ArrayList<>();
  private URI self = URI.create("http://127.0.0.1");
  private int etags;
  private int tokens;
  private final int zonePage;

  AzureStub(int zonePage) {
    this.zonePage = zonePage;
  }

  /** Where the stub is reachable, for nextLinks. */
  synchronized void at(URI uri) {
    self = uri;
  }

  synchronized void addZone(String name) {
    Map<String, ObjectNode> sets = new TreeMap<>();
    zones.put(name, sets);
    ObjectNode soa = json.createObjectNode();
    soa.putObject("SOARecord").put("host", "ns1-01.azure-dns.com.").put("email", "azuredns-hostmaster.microsoft.com")
        .put("serialNumber", 1).put("refreshTime", 3600).put("retryTime", 300).put("expireTime", 2419200)
        .put("minimumTTL", 300);
    store(name, "SOA", "@", 3600, soa);
    ObjectNode ns = json.createObjectNode();
    ns.putArray("NSRecords").addObject().put("nsdname", "ns1-01.azure-dns.com.");
    store(name, "NS", "@", 172800, ns);
  }

  /** Writes a record set directly; {@code records} holds the type's property, e.g. {"ARecords": [...]}. */
  synchronized void put(String zone, String type, String name, long ttl, ObjectNode records) {
    store(zone, type, name, ttl, records);
  }

  synchronized List<ObjectNode> recordSets(String zone) {
    return zones.get(zone).values().stream().map(ObjectNode::deepCopy).toList();
  }

  /** The grant types of the token requests received. */
  synchronized List<String> grants() {
    return List.copyOf(grants);
  }

  @Override
  public synchronized Response handle(Request request) {
    Matcher m;
    if ((m = TOKEN_PATH.matcher(request.path())).matches() && request.method().equals("POST")) {
      return token(m.group(1), request);
    }
    String auth = request.header("Authorization").orElse("");
    if (!auth.startsWith("Bearer ") || !issued.contains(auth.substring(7))) {
      throw new Rejection(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is "
          + (auth.isEmpty() ? "missing." : "provided in an invalid format or the token is not valid."));
    }
    String version = request.param("api-version").orElse("");
    if (version.isEmpty()) {
      throw new Rejection(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (!version.equals("2018-05-01")) {
      throw new Rejection(400, "InvalidApiVersionParameter", "The api-version '" + version + "' is invalid.");
    }
    if (!(m = ZONE_PATH.matcher(request.path())).matches()) {
      throw new Rejection(404, "InvalidResourceType", "The resource type could not be found: " + request.path());
    }
    String zone = m.group(1) == null ? null : decode(m.group(1));
    String kind = m.group(2);
    if (zone == null) {
      List<JsonNode> all = new ArrayList<>();
      zones.keySet().forEach(z -> all.add(zoneJson(z)));
      return page(request, BASE, all, zonePage);
    }
    Map<String, ObjectNode> sets = zones.get(zone);
    if (sets == null) {
      throw new Rejection(404, "ResourceNotFound", "The Resource 'Microsoft.Network/dnszones/" + zone
          + "' under resource group '" + GROUP + "' was not found.");
    }
    if ("recordsets".equals(kind) && request.method().equals("GET")) {
      int top = request.param("$top").map(Integer::parseInt).orElse(100);
      if (top < 1 || top > 1000) {
        throw new Rejection(400, "BadRequest", "$top must be 1..1000");
      }
      return page(request, BASE + "/" + zone + "/recordsets", new ArrayList<>(sets.values()), top);
    }
    if (kind == null || m.group(3) == null || !FIELD.containsKey(kind)) {
      throw new Rejection(400, "BadRequest", "unsupported request " + request.method() + " " + request.path());
    }
    String name = decode(m.group(3));
    String key = kind + "/" + name.toLowerCase(Locale.ROOT);
    ObjectNode existing = sets.get(key);
    return switch (request.method()) {
      case "PUT" -> {
        preconditions(request, existing, name);
        JsonNode body = Strict.body(request, "InvalidRequestContent");
        Strict.object(body, "request", Set.of("properties"), Set.of("etag"), "InvalidRequestContent");
        JsonNode p = body.path("properties");
        Strict.object(p, "properties", Set.of("TTL", FIELD.get(kind)), Set.of("metadata"), "InvalidRequestContent");
        validate(kind, p);
        checkCname(sets, kind, name);
        ObjectNode records = json.createObjectNode();
        records.set(FIELD.get(kind), p.get(FIELD.get(kind)));
        ObjectNode stored = store(zone, kind, name, p.path("TTL").asLong(), records);
        yield Response.json(existing == null ? 201 : 200, stored.toString())
            .withHeader("ETag", stored.path("etag").asString());
      }
      case "DELETE" -> {
        if (existing == null) {
          yield Response.empty(204);
        }
        preconditions(request, existing, name);
        if (kind.equals("SOA") || (kind.equals("NS") && name.equals("@"))) {
          throw new Rejection(400, "BadRequest", "The SOA and apex NS record sets cannot be deleted.");
        }
        sets.remove(key);
        yield Response.empty(200);
      }
      case "GET" -> {
        if (existing == null) {
          throw new Rejection(404, "NotFound", "The resource record '" + name + "' does not exist in resource group '"
              + GROUP + "' of subscription '" + SUBSCRIPTION + "'.");
        }
        yield Response.json(200, existing.toString());
      }
      default -> throw new Rejection(405, "MethodNotAllowed", request.method());
    };
  }

  @Override
  public Response error(int status, String code, String message) {
    ObjectNode body = json.createObjectNode();
    body.putObject("error").put("code", code).put("message", message);
    return Response.json(status, body.toString());
  }

  private Response token(String tenant, Request request) {
    if (!request.header("Content-Type").orElse("").startsWith("application/x-www-form-urlencoded")) {
      return tokenError(400, "invalid_request", "AADSTS900144: The request body must be form-urlencoded.");
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : request.text().split("&")) {
      int eq = pair.indexOf('=');
      form.put(decode(pair.substring(0, Math.max(0, eq))), decode(pair.substring(eq + 1)));
    }
    grants.add(form.containsKey("client_assertion") ? "federated" : form.containsKey("client_secret") ? "secret" : "?");
    Set<String> allowed = Set.of("grant_type", "client_id", "scope", "client_secret", "client_assertion_type",
        "client_assertion");
    if (!allowed.containsAll(form.keySet()) || !"client_credentials".equals(form.get("grant_type"))
        || !"https://management.azure.com/.default".equals(form.get("scope"))) {
      return tokenError(400, "invalid_request", "AADSTS90014: malformed client credentials request " + form.keySet());
    }
    if (!tenant.equals(TENANT)) {
      return tokenError(400, "invalid_tenant", "AADSTS90002: Tenant '" + tenant + "' not found.");
    }
    if (!CLIENT.equals(form.get("client_id"))) {
      return tokenError(400, "unauthorized_client", "AADSTS700016: Application '" + form.get("client_id")
          + "' was not found in the directory.");
    }
    boolean secretOk = SECRET.equals(form.get("client_secret"));
    boolean federatedOk = FEDERATED.equals(form.get("client_assertion"))
        && "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"));
    if (!secretOk && !federatedOk) {
      return tokenError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    }
    String token = "eyJ0eXAiOiJKV1QifQ.azure-access-token-" + (++tokens);
    issued.add(token);
    return Response.json(200, json.createObjectNode().put("token_type", "Bearer").put("expires_in", 3599)
        .put("ext_expires_in", 3599).put("access_token", token).toString());
  }

  private Response tokenError(int status, String error, String description) {
    return Response.json(status, json.createObjectNode().put("error", error).put("error_description", description)
        .toString());
  }

  private void preconditions(Request request, ObjectNode existing, String name) {
    String ifMatch = request.header("If-Match").orElse(null);
    String ifNoneMatch = request.header("If-None-Match").orElse(null);
    if (ifMatch != null && (existing == null || !existing.path("etag").asString().equals(ifMatch))) {
      throw new Rejection(412, "PreconditionFailed", "The Record set " + name + " exists with etag "
          + (existing == null ? "(none)" : existing.path("etag").asString()) + ", not the etag " + ifMatch
          + " the request specified.");
    }
    if ("*".equals(ifNoneMatch) && existing != null) {
      throw new Rejection(412, "PreconditionFailed", "The Record set " + name + " already exists.");
    }
  }

  private void validate(String kind, JsonNode p) {
    if (!p.path("TTL").isIntegralNumber() || p.path("TTL").asLong() < 0 || p.path("TTL").asLong() > Integer.MAX_VALUE) {
      throw new Rejection(400, "BadRequest", "TTL must be an integer 0..2147483647");
    }
    JsonNode records = p.get(FIELD.get(kind));
    switch (kind) {
      case "A", "AAAA" -> {
        if (!records.isArray() || records.isEmpty()) {
          throw new Rejection(400, "BadRequest", FIELD.get(kind) + " must be a non-empty array");
        }
        String field = kind.equals("A") ? "ipv4Address" : "ipv6Address";
        for (JsonNode r : records) {
          Strict.object(r, FIELD.get(kind) + "[]", Set.of(field), Set.of(), "InvalidRequestContent");
          ip(r.path(field).asString(), kind.equals("A") ? Inet4Address.class : Inet6Address.class);
        }
      }
      case "CNAME" -> Strict.object(records, "CNAMERecord", Set.of("cname"), Set.of(), "InvalidRequestContent");
      case "TXT" -> {
        if (!records.isArray() || records.isEmpty()) {
          throw new Rejection(400, "BadRequest", "TXTRecords must be a non-empty array");
        }
        for (JsonNode r : records) {
          Strict.object(r, "TXTRecords[]", Set.of("value"), Set.of(), "InvalidRequestContent");
          for (JsonNode part : r.path("value")) {
            if (!part.isString() || part.asString().getBytes(StandardCharsets.UTF_8).length > 255
                || part.asString().startsWith("\"")) {
              throw new Rejection(400, "BadRequest", "TXT values are unquoted strings of at most 255 bytes: " + part);
            }
          }
        }
      }
      default -> {}
    }
  }

  private void checkCname(Map<String, ObjectNode> sets, String kind, String name) {
    for (String key : sets.keySet()) {
      String otherKind = key.substring(0, key.indexOf('/'));
      String otherName = key.substring(key.indexOf('/') + 1);
      if (otherName.equals(name.toLowerCase(Locale.ROOT)) && !otherKind.equals(kind)
          && (kind.equals("CNAME") || otherKind.equals("CNAME"))) {
        throw new Rejection(409, "Conflict", "The record set " + name + " of type " + kind
            + " conflicts with the existing " + otherKind + " record set: a CNAME cannot share its name.");
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
      throw new Rejection(400, "BadRequest", "invalid IP address " + value);
    }
  }

  private ObjectNode store(String zone, String kind, String name, long ttl, ObjectNode records) {
    ObjectNode set = json.createObjectNode()
        .put("id", BASE + "/" + zone + "/" + kind + "/" + name)
        .put("name", name)
        .put("type", "Microsoft.Network/dnszones/" + kind)
        .put("etag", String.format(Locale.ROOT, "%08x-0000-4000-8000-%012x", ++etags, etags));
    ObjectNode p = set.putObject("properties");
    p.putObject("metadata");
    p.put("fqdn", (name.equals("@") ? zone : name + "." + zone) + ".").put("TTL", ttl)
        .put("provisioningState", "Succeeded");
    p.putObject("targetResource");
    p.setAll(records);
    zones.get(zone).put(kind + "/" + name.toLowerCase(Locale.ROOT), set);
    return set;
  }

  private ObjectNode zoneJson(String name) {
    ObjectNode zone = json.createObjectNode().put("id", BASE + "/" + name).put("name", name)
        .put("type", "Microsoft.Network/dnszones").put("etag", "00000002-0000-0000-0000-000000000000")
        .put("location", "global");
    zone.putObject("tags");
    ObjectNode p = zone.putObject("properties").put("maxNumberOfRecordSets", 10000)
        .put("numberOfRecordSets", zones.get(name).size()).put("zoneType", "Public");
    p.putArray("nameServers").add("ns1-01.azure-dns.com.");
    return zone;
  }

  private Response page(Request request, String path, List<? extends JsonNode> items, int size) {
    for (String param : request.query().keySet()) {
      if (!Set.of("api-version", "$top", "$skipToken", "$recordsetnamesuffix").contains(param)) {
        throw new Rejection(400, "BadRequest", "unknown query parameter " + param);
      }
    }
    int skip = request.param("$skipToken").map(Integer::parseInt).orElse(0);
    int to = Math.min(items.size(), skip + size);
    ObjectNode answer = json.createObjectNode();
    ArrayNode value = answer.putArray("value");
    items.subList(Math.min(skip, items.size()), to).forEach(value::add);
    if (to < items.size()) {
      answer.put("nextLink", self + path + "?api-version=2018-05-01&%24top=" + size + "&%24skipToken=" + to);
    }
    return Response.json(200, answer.toString());
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
