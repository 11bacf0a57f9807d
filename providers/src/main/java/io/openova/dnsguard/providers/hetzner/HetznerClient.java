package io.openova.dnsguard.providers.hetzner;

import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.HttpExchange;
import io.openova.dnsguard.provider.support.JsonApi;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The only class on the wire: the Hetzner Cloud API ({@code /v1/zones}, rrsets, rrset actions,
 * {@code /v1/actions}) over {@code java.net.http}, every request through {@link Calls} (time
 * limit, pacing to the project's hourly budget, retries). It remembers the
 * budget the server last reported ({@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code
 * RateLimit-Reset}) so the provider can plan within it.
 */
final class HetznerClient {

  static final String PROVIDER = "hetzner";

  /** The budget as the server last reported it. */
  record Budget(int limit, int remaining, Instant reset) {}

  private final HetznerConfig config;
  private final JsonApi api;
  private volatile @Nullable Budget budget;

  HetznerClient(HetznerConfig config, JsonMapper json, Calls calls) {
    this.config = config;
    this.api = new JsonApi(PROVIDER, config.apiUrl(), json, calls);
  }

  Optional<Budget> budget() {
    return Optional.ofNullable(budget);
  }

  /** GET /zones?page=&per_page=. */
  JsonNode zones(int page) {
    return send(null, "list zones", "GET", "/zones?page=" + page + "&per_page=" + config.perPage(), null);
  }

  /** GET /zones/{id}. */
  JsonNode zone(Zone zone) {
    return send(zone, "get zone", "GET", "/zones/" + JsonApi.segment(zone.id()), null);
  }

  /** GET /zones/{id}/rrsets?page=&per_page=. */
  JsonNode rrsets(Zone zone, int page) {
    return send(zone, "list rrsets", "GET",
        "/zones/" + JsonApi.segment(zone.id()) + "/rrsets?page=" + page + "&per_page=" + config.perPage(), null);
  }

  /** POST /zones/{id}/rrsets; returns the action. */
  JsonNode create(Zone zone, ObjectNode rrset) {
    return send(zone, "create rrset " + rrset.path("name").asString("") + "/" + rrset.path("type").asString(""),
        "POST", "/zones/" + JsonApi.segment(zone.id()) + "/rrsets", rrset).path("action");
  }

  /** POST /zones/{id}/rrsets/{name}/{type}/actions/{action} ({@code set_records}, {@code change_ttl}); returns the action. */
  JsonNode rrsetAction(Zone zone, String name, String type, String action, ObjectNode body) {
    return send(zone, action + " " + name + "/" + type, "POST",
        rrsetPath(zone, name, type) + "/actions/" + action, body).path("action");
  }

  /** DELETE /zones/{id}/rrsets/{name}/{type}; returns the action. */
  JsonNode delete(Zone zone, String name, String type) {
    return send(zone, "delete rrset " + name + "/" + type, "DELETE", rrsetPath(zone, name, type), null).path("action");
  }

  /** GET /actions?id=..&id=..: the actions' current state. */
  JsonNode actions(@Nullable Zone zone, List<Long> ids) {
    String query = ids.stream().map(id -> "id=" + id).collect(Collectors.joining("&"));
    return send(zone, "poll actions", "GET", "/actions?" + query, null);
  }

  private static String rrsetPath(Zone zone, String name, String type) {
    return "/zones/" + JsonApi.segment(zone.id()) + "/rrsets/" + JsonApi.segment(name) + "/" + JsonApi.segment(type);
  }

  private JsonNode send(@Nullable Zone zone, String operation, String method, String pathAndQuery,
      @Nullable ObjectNode body) {
    HttpRequest.Builder request = HttpExchange.jsonRequest(api.uri(pathAndQuery), config.token().reveal(),
        method, body == null ? null : api.json().writeValueAsBytes(body));
    return api.send(zone, operation, request, response -> {
      remember(response);
      JsonNode answer = HttpExchange.jsonOrText(api.json(), response.body());
      if (response.statusCode() / 100 != 2) {
        throw failure(zone, operation, response, answer);
      }
      return answer;
    });
  }

  private void remember(HttpResponse<byte[]> response) {
    Optional<String> remaining = response.headers().firstValue("RateLimit-Remaining");
    Optional<String> reset = response.headers().firstValue("RateLimit-Reset");
    if (remaining.isPresent() && reset.isPresent()) {
      try {
        budget = new Budget(Integer.parseInt(response.headers().firstValue("RateLimit-Limit").orElse("0").strip()),
            Integer.parseInt(remaining.get().strip()), Instant.ofEpochSecond(Long.parseLong(reset.get().strip())));
      } catch (NumberFormatException unreadable) {
        // keep what we knew
      }
    }
  }

  private ProviderException failure(@Nullable Zone zone, String operation, HttpResponse<byte[]> response,
      JsonNode answer) {
    JsonNode error = answer.path("error");
    String text = error.isObject()
        ? error.path("code").asString("?") + ": " + error.path("message").asString("")
            + (error.path("details").isEmpty() ? "" : " " + error.path("details"))
        : answer.path("text").asString("");
    text = HttpExchange.shorten(text);
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      text = JsonApi.credentialsHint(text, "check the API token (" + config.token().source()
          + "; it needs read and write access to the project)");
    }
    Optional<String> retryAfter = response.headers().firstValue("Retry-After");
    if (retryAfter.isEmpty() && status == 429) {
      // No Retry-After from Hetzner: the budget refills gradually (3,600/hour: one request a second).
      retryAfter = Optional.of(Long.toString(Math.max(1, 3_600 / Math.max(1, config.requestsPerHour()))));
    }
    return api.failure(zone, operation, status, text, retryAfter);
  }
}
