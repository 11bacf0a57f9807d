package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange with a provider's API, with the failures every provider treats alike: an I/O
 * error is a transient {@link ProviderException} saying what happened (timed out, connection
 * refused), an interrupt stops the work. What a status code means stays with each provider.
 */
public final class HttpExchange {
  private HttpExchange() {}

  /** A JSON API request authorised by a bearer token; a null {@code body} sends none. */
  public static HttpRequest jsonRequest(URI uri, Duration timeout, String bearerToken, String method,
      byte @Nullable [] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", "Bearer " + bearerToken)
        .header("Accept", "application/json");
    if (body == null) {
      return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    return request.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  public static HttpResponse<byte[]> send(HttpClient http, String provider, @Nullable Zone zone, String operation,
      HttpRequest request) {
    return send(http, null, provider, zone, operation, request);
  }

  /** The same, first waiting for a token of {@code pacing} (an API with a request budget). */
  public static HttpResponse<byte[]> send(HttpClient http, @Nullable RateLimiter pacing, String provider,
      @Nullable Zone zone, String operation, HttpRequest request) {
    try {
      if (pacing != null) {
        pacing.acquire();
      }
      return whole(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()),
          request.timeout().orElse(Timeouts.PROVIDER_REQUEST));
    } catch (IOException e) {
      throw RetryPolicy.ioFailure(provider, zone, operation, e);
    } catch (TimeoutException e) {
      throw RetryPolicy.ioFailure(provider, zone, operation, new HttpTimeoutException(
          "no complete answer within " + request.timeout().orElse(Timeouts.PROVIDER_REQUEST).toMillis() + " ms"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException.Transient(provider, zone, operation, 0, "interrupted", null, e);
    }
  }

  /**
   * The exchange within {@code limit}, answer body included: the JDK's request timeout stops at the
   * response headers, so a server that sends them and then stalls would hold the call for ever.
   */
  private static HttpResponse<byte[]> whole(CompletableFuture<HttpResponse<byte[]>> exchange, Duration limit)
      throws IOException, InterruptedException, TimeoutException {
    try {
      return exchange.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }
}
