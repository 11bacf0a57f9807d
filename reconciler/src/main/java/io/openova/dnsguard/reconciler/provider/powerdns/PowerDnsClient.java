package io.openova.dnsguard.reconciler.provider.powerdns;

import io.openova.dnsguard.reconciler.provider.support.Timeouts;
import io.openova.dnsguard.policies.json.ReadLimits;
import io.openova.dnsguard.reconciler.provider.ProviderException;
import io.openova.dnsguard.reconciler.provider.Zone;
import io.openova.dnsguard.reconciler.provider.support.HttpExchange;
import io.openova.dnsguard.reconciler.provider.support.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only class on the wire: PowerDNS HTTP API v1 over {@code java.net.http}, one request per
 * call, no retries (the provider wraps them). Writes to one server are serialized in this JVM:
 * the SQLite backend has a single writer and answers concurrent PATCHes with 500 "database is
 * locked".
 */
final class PowerDnsClient {

  static final String PROVIDER = "powerdns";
  private static final int MAX_ERROR_TEXT = 600;
  private static final ConcurrentMap<String, ReentrantLock> WRITERS = new ConcurrentHashMap<>();

  private final PowerDnsConfig config;
  private final JsonMapper json;
  private final Clock clock;
  private final HttpClient http;
  private final ReentrantLock writer;
  private final URI serverBase;

  PowerDnsClient(PowerDnsConfig config, JsonMapper json, Clock clock) {
    this.config = config;
    this.json = json;
    this.clock = clock;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // PowerDNS speaks HTTP/1.1 and closes after each response
        .connectTimeout(Timeouts.CONNECT);
    config.caCertificate().ifPresent(pem -> builder.sslContext(trusting(pem)));
    this.http = builder.build();
    String base = config.apiUrl().toString().replaceAll("/+$", "");
    this.serverBase = URI.create(base + "/api/v1/servers/" + encode(config.serverId()) + "/");
    this.writer = WRITERS.computeIfAbsent(serverBase.toString(), k -> new ReentrantLock(true));
  }

  /** GET /api/v1/servers/{server}/zones. */
  JsonNode zones() {
    return get(null, "list zones", serverBase.resolve("zones"));
  }

  /** GET /api/v1/servers/{server}/zones/{zone}, rrsets included. */
  JsonNode zone(Zone zone) {
    return get(zone, "read zone", zoneUri(zone));
  }

  /** The same, as the bytes PowerDNS sent, for a caller that parses them as a stream. */
  byte[] zoneBytes(Zone zone) {
    return getBytes(zone, "read zone", zoneUri(zone));
  }

  /** GET /api/v1/servers/{server}/zones/{zone}?rrset_name=: the rrsets of one name, every type. */
  JsonNode rrsets(Zone zone, String absoluteName) {
    URI uri = URI.create(zoneUri(zone) + "?rrset_name=" + encode(absoluteName));
    return get(zone, "read " + absoluteName, uri);
  }

  /** PATCH /api/v1/servers/{server}/zones/{zone} with an {@code {"rrsets": [...]}} body; one writer at a time. */
  void patch(Zone zone, byte[] body) {
    HttpRequest request = request(zoneUri(zone))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    writer.lock();
    try {
      HttpResponse<byte[]> response = send(zone, "PATCH rrsets", request);
      if (response.statusCode() != 204 && response.statusCode() != 200) {
        throw failure(zone, "PATCH rrsets", response);
      }
    } finally {
      writer.unlock();
    }
  }

  private JsonNode get(@Nullable Zone zone, String operation, URI uri) {
    byte[] body = getBytes(zone, operation, uri);
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw new ProviderException.Refused(PROVIDER, zone, operation, 200, "the answer cannot be read: " + ReadLimits.describe(e));
    }
  }

  private byte[] getBytes(@Nullable Zone zone, String operation, URI uri) {
    HttpResponse<byte[]> response = send(zone, operation, request(uri).GET().build());
    if (response.statusCode() != 200) {
      throw failure(zone, operation, response);
    }
    return response.body();
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(config.requestTimeout())
        .header("X-API-Key", config.apiKey().reveal())
        .header("Accept", "application/json");
  }

  private HttpResponse<byte[]> send(@Nullable Zone zone, String operation, HttpRequest request) {
    return HttpExchange.send(http, PROVIDER, zone, operation, request);
  }

  // 422 errors are JSON {"error": "..."}; 400, 401, 404, 409 and 500 are plain text.
  private ProviderException failure(@Nullable Zone zone, String operation, HttpResponse<byte[]> response) {
    String text = new String(response.body(), StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      try {
        JsonNode error = json.readTree(text);
        text = error.path("error").asString(text);
        if (error.path("errors").isArray() && !error.path("errors").isEmpty()) {
          text = text + " (" + error.path("errors").toString() + ")";
        }
      } catch (JacksonException notJson) {
        // keep the text as it came
      }
    }
    if (text.length() > MAX_ERROR_TEXT) {
      text = text.substring(0, MAX_ERROR_TEXT) + "…";
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      text = (text.isEmpty() ? "" : text + "; ") + "check the API key (" + config.apiKey().source() + ")";
    }
    return RetryPolicy.httpFailure(PROVIDER, zone, operation, response.statusCode(), text,
        response.headers().firstValue("Retry-After"), clock.instant());
  }

  private URI zoneUri(Zone zone) {
    return serverBase.resolve("zones/" + encode(zone.id()));
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      if (index == 0) {
        throw new IllegalArgumentException("no certificate in " + pem);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the PowerDNS CA certificate " + pem, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use " + pem + " as CA certificate: " + e.getMessage(), e);
    }
  }

  Optional<String> describe() {
    return Optional.of(serverBase.toString());
  }
}
