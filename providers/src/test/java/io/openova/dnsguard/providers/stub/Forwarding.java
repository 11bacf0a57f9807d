package io.openova.dnsguard.providers.stub;

import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.providers.stub.StubServer.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An {@link StubServer.Api} that passes every request on to a real server (e.g. PowerDNS), so the
 * stub's fault injection can sit in front of a real service.
 */
public final class Forwarding implements StubServer.Api {

  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
      "upgrade", "keep-alive", "expect");

  private final URI target;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public Forwarding(URI target) {
    this.target = target;
  }

  @Override
  public Response handle(Request request) {
    String query = request.query().entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
        .collect(Collectors.joining("&"));
    URI uri = URI.create(target.toString().replaceAll("/+$", "") + request.path() + (query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name)) {
        values.forEach(v -> builder.header(name, v));
      }
    });
    try {
      HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> headers = new LinkedHashMap<>();
      response.headers().firstValue("Content-Type").ifPresent(v -> headers.put("Content-Type", v));
      return new Response(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Response error(int status, String code, String message) {
    return Response.text(status, message);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
