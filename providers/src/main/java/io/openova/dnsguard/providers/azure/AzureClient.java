package io.openova.dnsguard.providers.azure;

import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.HttpExchange;
import io.openova.dnsguard.provider.support.JsonApi;
import io.openova.dnsguard.provider.support.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The only class on the wire: Azure Resource Manager's DNS API (api-version 2018-05-01) and the
 * Entra ID token endpoint, over {@code java.net.http}, every request through {@link Calls}
 * (time limit, retries). Access tokens are cached until a minute before they expire.
 */
final class AzureClient {

  static final String PROVIDER = "azure";
  private static final String SCOPE = "https://management.azure.com/.default";
  private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** A record set write's answer: the new etag. */
  record Written(String etag) {}

  private final AzureConfig config;
  private final JsonMapper json;
  private final Calls calls;
  // The token is fetched inside the attempt of the request that needs it: retried with that request, not twice.
  private final Calls tokenCalls;
  private final HttpClient http;
  private final String zonesPath;
  private @Nullable String accessToken;
  private Instant expires = Instant.MIN;

  AzureClient(AzureConfig config, JsonMapper json, Calls calls) {
    this.config = config;
    this.json = json;
    this.calls = calls;
    this.tokenCalls = calls.withRetry(RetryPolicy.none());
    this.http = calls.httpClient().build();
    this.zonesPath = config.apiUrl().toString().replaceAll("/+$", "") + "/subscriptions/"
        + JsonApi.segment(config.subscriptionId()) + "/resourceGroups/" + JsonApi.segment(config.resourceGroup())
        + "/providers/Microsoft.Network/dnsZones";
  }

  /** GET .../dnsZones (first page) or a nextLink. */
  JsonNode zones(Optional<String> nextLink) {
    return get(null, "list zones", nextLink.orElse(zonesPath + "?api-version=" + AzureConfig.API_VERSION));
  }

  /** GET .../dnsZones/{zone}/recordsets?$top= (first page) or a nextLink. */
  JsonNode recordSets(Zone zone, Optional<String> nextLink) {
    return get(zone, "list record sets", nextLink.orElse(zonesPath + "/" + JsonApi.segment(zone.id())
        + "/recordsets?api-version=" + AzureConfig.API_VERSION + "&%24top=" + config.pageSize()));
  }

  /**
   * PUT .../dnsZones/{zone}/{type}/{name}: with {@code If-Match: etag} for an update, {@code
   * If-None-Match: *} for a create (empty etag).
   */
  Written put(Zone zone, String type, String name, Optional<String> etag, ObjectNode body) {
    String operation = "PUT " + type + " " + name;
    byte[] bytes = json.writeValueAsBytes(body);
    JsonNode answer = send(zone, operation, recordSetUri(zone, type, name), request -> {
      request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
      return etag.isPresent() ? request.header("If-Match", etag.get()) : request.header("If-None-Match", "*");
    }, 200, 201);
    return new Written(answer.path("etag").asString(""));
  }

  /** DELETE .../dnsZones/{zone}/{type}/{name} with {@code If-Match: etag}. */
  void delete(Zone zone, String type, String name, String etag) {
    String operation = "DELETE " + type + " " + name;
    send(zone, operation, recordSetUri(zone, type, name), request -> request.header("If-Match", etag).DELETE(), 200, 204);
  }

  private URI recordSetUri(Zone zone, String type, String name) {
    return URI.create(zonesPath + "/" + JsonApi.segment(zone.id()) + "/" + type + "/" + JsonApi.segment(name) + "?api-version="
        + AzureConfig.API_VERSION);
  }

  private JsonNode get(@Nullable Zone zone, String operation, String uri) {
    return send(zone, operation, URI.create(uri), HttpRequest.Builder::GET, 200);
  }

  // Every request: a token that is fresh at each attempt.
  private JsonNode send(@Nullable Zone zone, String operation, URI uri, UnaryOperator<HttpRequest.Builder> method,
      int... ok) {
    return calls.send(http, PROVIDER, zone, operation, () -> method.apply(HttpRequest.newBuilder(uri)
            .timeout(calls.timeout())
            .header("Authorization", "Bearer " + token())
            .header("Accept", "application/json")).build(),
        response -> answer(zone, operation, response, ok));
  }

  private JsonNode answer(@Nullable Zone zone, String operation, HttpResponse<byte[]> response, int... ok) {
    JsonNode body = HttpExchange.jsonOrText(json, response.body());
    for (int status : ok) {
      if (response.statusCode() == status) {
        return body;
      }
    }
    JsonNode error = body.path("error");
    String text = error.isObject() ? error.path("code").asString("?") + ": " + error.path("message").asString("")
        : body.path("text").asString("");
    text = HttpExchange.shorten(text);
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      accessToken = null;
      text = (text.isEmpty() ? "" : text + "; ") + "check that client " + config.credentials().clientId()
          + " has the DNS Zone Contributor role on resource group " + config.resourceGroup();
    }
    if (response.statusCode() == 412) {
      text = text + " (changed since it was read; the next sync reads it again)";
    }
    return throwing(RetryPolicy.httpFailure(PROVIDER, zone, operation, response.statusCode(), text,
        response.headers().firstValue("Retry-After"), calls.clock().instant()));
  }

  private static JsonNode throwing(ProviderException e) {
    throw e;
  }

  /** An access token for Resource Manager, fetched with the client-credentials grant when none is fresh. */
  private synchronized String token() {
    if (accessToken != null && calls.clock().instant().isBefore(expires)) {
      return accessToken;
    }
    AzureConfig.Credentials credentials = config.credentials();
    StringBuilder form = new StringBuilder("grant_type=client_credentials&client_id=")
        .append(JsonApi.segment(credentials.clientId())).append("&scope=").append(JsonApi.segment(SCOPE));
    switch (credentials) {
      case AzureConfig.Credentials.ClientSecret secret ->
          form.append("&client_secret=").append(JsonApi.segment(secret.secret().reveal()));
      case AzureConfig.Credentials.FederatedToken federated -> {
        String assertion;
        try {
          assertion = Files.readString(federated.tokenFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the federated token file " + federated.tokenFile(), e);
        }
        form.append("&client_assertion_type=").append(JsonApi.segment(ASSERTION_TYPE))
            .append("&client_assertion=").append(JsonApi.segment(assertion));
      }
    }
    URI uri = URI.create(config.tokenUrl().toString().replaceAll("/+$", "") + "/" + JsonApi.segment(credentials.tenantId())
        + "/oauth2/v2.0/token");
    String operation = "get an access token from Entra ID";
    HttpResponse<byte[]> response = tokenCalls.send(http, PROVIDER, null, operation, HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString())), answer -> answer);
    JsonNode body = HttpExchange.jsonOrText(json, response.body());
    if (response.statusCode() != 200 || !body.path("access_token").isString()) {
      String text = body.path("error").asString("") + ": " + body.path("error_description").asString("")
          + "; check tenant " + credentials.tenantId() + " and client " + credentials.clientId();
      throw RetryPolicy.httpFailure(PROVIDER, null, operation, response.statusCode() == 200 ? 502
          : response.statusCode(), text, response.headers().firstValue("Retry-After"), calls.clock().instant());
    }
    accessToken = body.path("access_token").asString();
    expires = calls.clock().instant().plusSeconds(Math.max(60, body.path("expires_in").asLong(3600)) - 60);
    return accessToken;
  }}
