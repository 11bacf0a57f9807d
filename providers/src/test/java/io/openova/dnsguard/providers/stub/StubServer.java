package io.openova.dnsguard.providers.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A small stateful HTTP server on 127.0.0.1 for provider contract tests. It records every request
 * and hands it to an {@link Api} that implements one provider's published semantics (its paths,
 * bodies, errors); faults injected here ({@link #throttle}, {@link #fail}) answer before the API
 * sees the request, so a faulted request changes nothing. Requests are handled one at a time.
 */
public final class StubServer implements AutoCloseable {

  /** One request as received; header names lower case. */
  public record Request(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
      byte[] body) {

    public Request {
      query = Map.copyOf(query);
      headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public Optional<String> param(String name) {
      List<String> values = query.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public List<String> params(String name) {
      return query.getOrDefault(name, List.of());
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isWrite() {
      return !method.equals("GET") && !method.equals("HEAD");
    }

    @Override
    public String toString() {
      return method + " " + path + (query.isEmpty() ? "" : " " + query);
    }
  }

  /** One response. */
  public record Response(int status, Map<String, String> headers, byte[] body) {

    public Response {
      headers = Map.copyOf(headers);
    }

    public static Response json(int status, String json) {
      return new Response(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    public static Response text(int status, String text) {
      return new Response(status, Map.of("Content-Type", "text/plain"), text.getBytes(StandardCharsets.UTF_8));
    }

    public static Response empty(int status) {
      return new Response(status, Map.of(), new byte[0]);
    }

    public Response withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Response(status, more, body);
    }
  }

  /** A provider API's semantics. Handlers throw {@link Rejection} for errors; {@link #error} renders them. */
  public interface Api {
    Response handle(Request request);

    /** The API's own error body for a status, e.g. Cloudflare's {@code {"success":false,"errors":[...]}}. */
    Response error(int status, String code, String message);
  }

  /** An error the API answers with, in its own format. */
  public static final class Rejection extends RuntimeException {
    private final int status;
    private final String code;

    public Rejection(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  private record Fault(Predicate<Request> which, int pass, int count, int status, Optional<Duration> retryAfter) {}

  private final Api api;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "stub-server");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Request> requests = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();

  private StubServer(Api api) {
    this.api = Objects.requireNonNull(api, "api");
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
    server.start();
  }

  public static StubServer start(Api api) {
    return new StubServer(api);
  }

  /** {@code http://127.0.0.1:PORT} */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<Request> requests(Predicate<Request> which) {
    return requests.stream().filter(which).toList();
  }

  public synchronized void clearRequests() {
    requests.clear();
  }

  /** The next {@code count} requests matching {@code which} answer 429 with {@code Retry-After: seconds}. */
  public synchronized void throttle(int count, Predicate<Request> which, Duration retryAfter) {
    faults.add(new Fault(which, 0, count, 429, Optional.of(retryAfter)));
  }

  /**
   * After {@code pass} more requests matching {@code which} went through, the next {@code count}
   * matching ones answer {@code status} (e.g. 500) without reaching the API: a failure mid-batch.
   */
  public synchronized void fail(int pass, int count, Predicate<Request> which, int status) {
    faults.add(new Fault(which, pass, count, status, Optional.empty()));
  }

  public synchronized void clearFaults() {
    faults.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void exchange(HttpExchange exchange) throws IOException {
    Response response;
    try (exchange) {
      Request request = read(exchange);
      synchronized (this) {
        requests.add(request);
        response = faulted(request).orElseGet(() -> answer(request));
      }
      byte[] body = response.body();
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      boolean noBody = body.length == 0 || response.status() == 204;
      exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
      if (!noBody) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  private Response answer(Request request) {
    try {
      return api.handle(request);
    } catch (Rejection r) {
      return api.error(r.status(), r.code(), r.getMessage());
    } catch (RuntimeException e) {
      return api.error(500, "stub_bug", e.toString());
    }
  }

  private Optional<Response> faulted(Request request) {
    for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
      Fault fault = it.next();
      if (!fault.which().test(request)) {
        continue;
      }
      if (fault.pass() > 0) {
        int index = faults.indexOf(fault);
        faults.set(index, new Fault(fault.which(), fault.pass() - 1, fault.count(), fault.status(), fault.retryAfter()));
        return Optional.empty();
      }
      if (fault.count() <= 1) {
        it.remove();
      } else {
        faults.set(faults.indexOf(fault),
            new Fault(fault.which(), 0, fault.count() - 1, fault.status(), fault.retryAfter()));
      }
      Response response = api.error(fault.status(), fault.status() == 429 ? "rate_limited" : "injected",
          fault.status() == 429 ? "rate limit exceeded (injected)" : "server error (injected)");
      return Optional.of(fault.retryAfter().map(d -> response.withHeader("Retry-After", Long.toString(d.toSeconds())))
          .orElse(response));
    }
    return Optional.empty();
  }

  private static Request read(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    Map<String, List<String>> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    Map<String, List<String>> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    byte[] body = exchange.getRequestBody().readAllBytes();
    return new Request(exchange.getRequestMethod(), uri.getRawPath(), query, headers, body);
  }
}
