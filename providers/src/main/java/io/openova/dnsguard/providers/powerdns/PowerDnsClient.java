package io.openova.dnsguard.providers.powerdns;

import io.openova.dnsguard.policies.json.ReadLimits;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.HttpExchange;
import io.openova.dnsguard.provider.support.JsonApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
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
 * The only class on the wire: PowerDNS HTTP API v1 over {@code java.net.http}, every request
 * through {@link Calls} (time limit, retries). Writes to one server are serialized in this JVM:
 * the SQLite backend has a single writer and answers concurrent PATCHes with 500 "database is
 * locked".
 */
final class PowerDnsClient {

  static final String PROVIDER = "powerdns";
  private static final ConcurrentMap<String, ReentrantLock> WRITERS = new ConcurrentHashMap<>();

  private final PowerDnsConfig config;
  private final JsonApi api;
  private final ReentrantLock writer;
  private final URI serverBase;

  PowerDnsClient(PowerDnsConfig config, JsonMapper json, Calls calls) {
    this.config = config;
    HttpClient.Builder http = calls.httpClient()
        .version(HttpClient.Version.HTTP_1_1); // PowerDNS speaks HTTP/1.1 and closes after each response
    config.caCertificate().ifPresent(pem -> http.sslContext(trusting(pem)));
    this.api = new JsonApi(PROVIDER, config.apiUrl(), json, calls, http);
    this.serverBase = api.uri("/api/v1/servers/" + JsonApi.segment(config.serverId()) + "/");
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
    return api.send(zone, "read zone", request(zoneUri(zone)).GET(), response -> {
      if (response.statusCode() != 200) {
        throw failure(zone, "read zone", response);
      }
      return response.body();
    });
  }

  /** GET /api/v1/servers/{server}/zones/{zone}?rrset_name=: the rrsets of one name, every type. */
  JsonNode rrsets(Zone zone, String absoluteName) {
    URI uri = URI.create(zoneUri(zone) + "?rrset_name=" + JsonApi.segment(absoluteName));
    return get(zone, "read " + absoluteName, uri);
  }

  /** PATCH /api/v1/servers/{server}/zones/{zone} with an {@code {"rrsets": [...]}} body; one writer at a time. */
  void patch(Zone zone, byte[] body) {
    HttpRequest.Builder request = request(zoneUri(zone))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
    writer.lock();
    try {
      api.send(zone, "PATCH rrsets", request, response -> {
        if (response.statusCode() != 204 && response.statusCode() != 200) {
          throw failure(zone, "PATCH rrsets", response);
        }
        return response;
      });
    } finally {
      writer.unlock();
    }
  }

  private JsonNode get(@Nullable Zone zone, String operation, URI uri) {
    return api.send(zone, operation, request(uri).GET(), response -> {
      if (response.statusCode() != 200) {
        throw failure(zone, operation, response);
      }
      try {
        return api.json().readTree(response.body());
      } catch (JacksonException e) {
        throw new ProviderException.Refused(PROVIDER, zone, operation, 200,
            "the answer cannot be read: " + ReadLimits.describe(e));
      }
    });
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .header("X-API-Key", config.apiKey().reveal())
        .header("Accept", "application/json");
  }

  // 422 errors are JSON {"error": "..."}; 400, 401, 404, 409 and 500 are plain text.
  private ProviderException failure(@Nullable Zone zone, String operation, HttpResponse<byte[]> response) {
    String text = new String(response.body(), StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      try {
        JsonNode error = api.json().readTree(text);
        text = error.path("error").asString(text);
        if (error.path("errors").isArray() && !error.path("errors").isEmpty()) {
          text = text + " (" + error.path("errors").toString() + ")";
        }
      } catch (JacksonException notJson) {
        // keep the text as it came
      }
    }
    text = HttpExchange.shorten(text);
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      text = JsonApi.credentialsHint(text, "check the API key (" + config.apiKey().source() + ")");
    }
    return api.failure(zone, operation, response.statusCode(), text, response.headers().firstValue("Retry-After"));
  }

  private URI zoneUri(Zone zone) {
    return serverBase.resolve("zones/" + JsonApi.segment(zone.id()));
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
}
