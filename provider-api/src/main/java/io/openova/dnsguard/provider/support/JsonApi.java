package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provider client's line to its JSON API, the part every HTTP client shares: the API's base
 * address, one HTTP client, the JSON mapper, and every request through {@link Calls}. What an
 * answer or an error means stays with the client.
 */
public final class JsonApi {
  private final String provider;
  private final String base;
  private final JsonMapper json;
  private final Calls calls;
  private final HttpClient http;

  /** The API at {@code apiUrl} (a trailing slash or none), over {@code http} (from {@link Calls#httpClient()}). */
  public JsonApi(String provider, URI apiUrl, JsonMapper json, Calls calls, HttpClient.Builder http) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.base = apiUrl.toString().replaceAll("/+$", "");
    this.json = Objects.requireNonNull(json, "json");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.http = http.build();
  }

  /** The same with the standard HTTP client ({@link Calls#httpClient()}). */
  public JsonApi(String provider, URI apiUrl, JsonMapper json, Calls calls) {
    this(provider, apiUrl, json, calls, calls.httpClient());
  }

  /** The address of {@code pathAndQuery} ({@code /zones?page=1}) under the API's base. */
  public URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  public JsonMapper json() {
    return json;
  }

  /** One request through {@link Calls#send}: time limit, pacing, retries; {@code handle} reads the answer or throws. */
  public <T> T send(@Nullable Zone zone, String operation, HttpRequest.Builder request,
      Function<HttpResponse<byte[]>, T> handle) {
    return calls.send(http, provider, zone, operation, request, handle);
  }

  /** An HTTP status and the API's error text as the failure {@link RetryPolicy} makes of them. */
  public ProviderException failure(@Nullable Zone zone, String operation, int status, String text,
      Optional<String> retryAfter) {
    return RetryPolicy.httpFailure(provider, zone, operation, status, text, retryAfter,
        calls.clock().instant());
  }

  /** {@code text} for a 401 or 403: with what to check about the credentials appended. */
  public static String credentialsHint(String text, String check) {
    return (text.isEmpty() ? "" : text + "; ") + check;
  }

  /** One path segment (a zone id, a record name) percent-encoded, spaces as {@code %20}. */
  public static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
