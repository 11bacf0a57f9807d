package io.openova.dnsguard.providers.google;

import io.openova.dnsguard.policies.json.ReadLimits;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Pages;
import io.openova.dnsguard.provider.support.RetryAfter;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.HttpExchange;
import io.openova.dnsguard.provider.support.JsonApi;
import io.openova.dnsguard.provider.support.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only class on the wire: Cloud DNS REST v1 over {@code java.net.http}, every request
 * through {@link Calls} (time limit, retries), a bearer token on every request. Google's auth library
 * only mints tokens: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, workload
 * identity, the metadata server) scoped to {@code ndev.clouddns.readwrite}, refreshed when they
 * expire. Errors are Google's {@code {"error": {"code", "message", "errors": [{"reason"}]}}};
 * 429, 5xx and 403 rate-limit reasons are transient, everything else refused.
 */
final class GoogleClient {

  static final String PROVIDER = "google";
  static final String SCOPE = "https://www.googleapis.com/auth/ndev.clouddns.readwrite";
  private static final Set<String> RATE_LIMIT_REASONS = Set.of("rateLimitExceeded", "userRateLimitExceeded");

  private final GoogleConfig config;
  private final JsonMapper json;
  private final Calls calls;
  private final HttpClient http;
  private final URI projectBase;
  private @Nullable GoogleCredentials credentials;

  GoogleClient(GoogleConfig config, JsonMapper json, Calls calls) {
    this.config = config;
    this.json = json;
    this.calls = calls;
    this.http = calls.httpClient().build();
    String root = config.apiUrl().toString().replaceAll("/+$", "");
    this.projectBase = URI.create(root + "/dns/v1/projects/" + JsonApi.segment(config.project()) + "/");
  }

  /** managedZones.list, one page. */
  Pages.Page<JsonNode> managedZones(Optional<String> pageToken) {
    JsonNode page = get(null, "list managed zones", projectBase.resolve("managedZones" + query(pageToken)));
    return page(page, "managedZones");
  }

  /** resourceRecordSets.list, one page. */
  Pages.Page<JsonNode> rrsets(Zone zone, Optional<String> pageToken) {
    JsonNode page = get(zone, "list rrsets", zoneBase(zone).resolve("rrsets" + query(pageToken)));
    return page(page, "rrsets");
  }

  /** changes.create: one atomic change of additions and deletions. */
  JsonNode change(Zone zone, JsonNode change) {
    byte[] body = json.writeValueAsBytes(change);
    return send(zone, "create change", zoneBase(zone).resolve("changes"), request -> request
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private Pages.Page<JsonNode> page(JsonNode page, String field) {
    List<JsonNode> items = new ArrayList<>();
    page.path(field).forEach(items::add);
    String next = page.path("nextPageToken").asString("");
    return new Pages.Page<>(items, next.isEmpty() ? Optional.empty() : Optional.of(next));
  }

  private String query(Optional<String> pageToken) {
    return "?maxResults=" + config.pageSize() + pageToken.map(t -> "&pageToken=" + JsonApi.segment(t)).orElse("");
  }

  private URI zoneBase(Zone zone) {
    return projectBase.resolve("managedZones/" + JsonApi.segment(zone.id()) + "/");
  }

  private JsonNode get(@Nullable Zone zone, String operation, URI uri) {
    return send(zone, operation, uri, HttpRequest.Builder::GET);
  }

  // Every request: a fresh token per attempt (it may have expired while waiting to retry).
  private JsonNode send(@Nullable Zone zone, String operation, URI uri,
      java.util.function.UnaryOperator<HttpRequest.Builder> method) {
    return calls.send(http, PROVIDER, zone, operation, () -> method.apply(HttpRequest.newBuilder(uri)
            .timeout(calls.timeout())
            .header("Authorization", "Bearer " + token(zone, operation))
            .header("Accept", "application/json")).build(),
        response -> parse(zone, operation, response));
  }

  private synchronized String token(@Nullable Zone zone, String operation) {
    return switch (config.credentials()) {
      case GoogleConfig.Credentials.FixedToken fixed -> fixed.token().reveal();
      case GoogleConfig.Credentials.ApplicationDefault adc -> {
        try {
          if (credentials == null) {
            credentials = GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE));
          }
          credentials.refreshIfExpired();
          AccessToken token = credentials.getAccessToken();
          if (token == null) {
            throw new ProviderException.Refused(PROVIDER, zone, operation, 0,
                "Application Default Credentials gave no access token");
          }
          yield token.getTokenValue();
        } catch (IOException e) {
          throw new ProviderException.Transient(PROVIDER, zone, operation, 0,
              "no access token from Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, workload "
                  + "identity, metadata server): " + e.getMessage(), null, e);
        }
      }
    };
  }

  private JsonNode parse(@Nullable Zone zone, String operation, HttpResponse<byte[]> response) {
    if (response.statusCode() / 100 != 2) {
      throw failure(zone, operation, response);
    }
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new ProviderException.Refused(PROVIDER, zone, operation, response.statusCode(),
          "the answer cannot be read: " + ReadLimits.describe(e));
    }
  }

  private ProviderException failure(@Nullable Zone zone, String operation, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String text = new String(response.body(), StandardCharsets.UTF_8).strip();
    String reason = "";
    try {
      JsonNode error = json.readTree(text).path("error");
      if (error.isObject()) {
        reason = error.path("errors").path(0).path("reason").asString("");
        text = (reason.isEmpty() ? "" : reason + ": ") + error.path("message").asString(text);
      }
    } catch (JacksonException notJson) {
      // keep the text as it came
    }
    text = HttpExchange.shorten(text);
    Optional<String> retryAfter = response.headers().firstValue("Retry-After");
    if (status == 403 && RATE_LIMIT_REASONS.contains(reason)) {
      return new ProviderException.Transient(PROVIDER, zone, operation, status, text,
          RetryAfter.parse(retryAfter, calls.clock().instant()).orElse(null), null);
    }
    if (status == 401 || status == 403) {
      text = text + "; check the credentials (" + switch (config.credentials()) {
        case GoogleConfig.Credentials.FixedToken fixed -> "the fixed token from " + fixed.token().source();
        case GoogleConfig.Credentials.ApplicationDefault adc ->
            "Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS or workload identity, role dns.admin";
      } + ")";
    }
    return RetryPolicy.httpFailure(PROVIDER, zone, operation, status, text, retryAfter, calls.clock().instant());
  }}
