package io.openova.dnsguard.providers.cloudflare;

import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.HttpExchange;
import io.openova.dnsguard.provider.support.JsonApi;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The only class on the wire: Cloudflare API v4 over {@code java.net.http}, every request
 * through {@link Calls} (time limit, pacing, retries). Every answer is the v4
 * envelope {@code {"success", "errors": [{"code", "message"}], "messages", "result", "result_info"}}.
 */
final class CloudflareClient {

  static final String PROVIDER = "cloudflare";

  /** One page of a listing. */
  record Listing(List<JsonNode> items, int page, int totalPages) {}

  private final CloudflareConfig config;
  private final JsonApi api;

  CloudflareClient(CloudflareConfig config, JsonMapper json, Calls calls) {
    this.config = config;
    this.api = new JsonApi(PROVIDER, config.apiUrl(), json, calls);
  }

  /** GET /zones?page=&per_page= (per_page 5..50). */
  Listing zones(int page, int perPage) {
    return listing(null, "list zones", "/zones?page=" + page + "&per_page=" + perPage);
  }

  /** GET /zones/{zone_id}/dns_records?page=&per_page=. */
  Listing records(Zone zone, int page, int perPage) {
    return listing(zone, "list DNS records",
        "/zones/" + JsonApi.segment(zone.id()) + "/dns_records?page=" + page + "&per_page=" + perPage);
  }

  /** POST /zones/{zone_id}/dns_records. */
  JsonNode create(Zone zone, ObjectNode record) {
    return send(zone, "create DNS record", "POST", "/zones/" + JsonApi.segment(zone.id()) + "/dns_records", record).path("result");
  }

  /** PATCH /zones/{zone_id}/dns_records/{dns_record_id}. */
  JsonNode patch(Zone zone, String recordId, ObjectNode fields) {
    return send(zone, "patch DNS record", "PATCH",
        "/zones/" + JsonApi.segment(zone.id()) + "/dns_records/" + JsonApi.segment(recordId), fields).path("result");
  }

  /** DELETE /zones/{zone_id}/dns_records/{dns_record_id}. */
  void delete(Zone zone, String recordId) {
    send(zone, "delete DNS record", "DELETE", "/zones/" + JsonApi.segment(zone.id()) + "/dns_records/" + JsonApi.segment(recordId), null);
  }

  /** POST /zones/{zone_id}/dns_records/batch: deletes, patches, puts, posts in one transaction. */
  JsonNode batch(Zone zone, ObjectNode body) {
    return send(zone, "batch DNS records", "POST", "/zones/" + JsonApi.segment(zone.id()) + "/dns_records/batch", body)
        .path("result");
  }

  private Listing listing(@Nullable Zone zone, String operation, String pathAndQuery) {
    JsonNode envelope = send(zone, operation, "GET", pathAndQuery, null);
    JsonNode result = envelope.path("result");
    if (!result.isArray()) {
      throw new ProviderException.Refused(PROVIDER, zone, operation, 200, "the answer has no result list");
    }
    List<JsonNode> items = new ArrayList<>();
    result.forEach(items::add);
    JsonNode info = envelope.path("result_info");
    return new Listing(items, info.path("page").asInt(1), info.path("total_pages").asInt(1));
  }

  private JsonNode send(@Nullable Zone zone, String operation, String method, String pathAndQuery,
      @Nullable ObjectNode body) {
    HttpRequest.Builder request = HttpExchange.jsonRequest(api.uri(pathAndQuery),
        config.apiToken().reveal(), method, body == null ? null : api.json().writeValueAsBytes(body));
    return api.send(zone, operation, request, response -> {
      JsonNode envelope = HttpExchange.jsonOrText(api.json(), response.body());
      if (response.statusCode() / 100 != 2 || !envelope.path("success").asBoolean(false)) {
        throw failure(zone, operation, response, envelope);
      }
      return envelope;
    });
  }

  private ProviderException failure(@Nullable Zone zone, String operation, HttpResponse<byte[]> response,
      JsonNode envelope) {
    List<String> errors = new ArrayList<>();
    for (JsonNode error : envelope.path("errors")) {
      errors.add("code " + error.path("code").asString("?") + ": " + error.path("message").asString(""));
    }
    String text = errors.isEmpty() ? envelope.path("text").asString("") : String.join("; ", errors);
    text = HttpExchange.shorten(text);
    int status = response.statusCode() / 100 == 2 ? 400 : response.statusCode();
    if (status == 401 || (status == 403 && !operation.startsWith("batch"))) {
      text = JsonApi.credentialsHint(text, "check the API token (" + config.apiToken().source()
          + "; it needs Zone:Read and DNS:Edit)");
    }
    return api.failure(zone, operation, status, text, response.headers().firstValue("Retry-After"));
  }
}
