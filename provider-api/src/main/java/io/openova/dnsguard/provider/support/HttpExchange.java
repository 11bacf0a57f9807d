package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.policies.json.ReadLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP exchange with a provider's API, with the failures every provider treats alike: an I/O
 * error is a transient {@link ProviderException} saying what happened (timed out, connection
 * refused), an interrupt stops the work. What a status code means stays with each provider.
 */
public final class HttpExchange {
  private HttpExchange() {}

  private static final int MAX_ERROR_TEXT = 600;

  /** An API's error text as a message carries it: at most 600 characters. */
  public static String shorten(String text) {
    return text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "…" : text;
  }

  /** An answer's JSON; a body that is not JSON (a proxy's error page) as {@code {"text": ...}}, an empty one as {@code {}}. */
  public static JsonNode jsonOrText(JsonMapper json, byte[] body) {
    try {
      return body.length == 0 ? json.createObjectNode() : json.readTree(body);
    } catch (JacksonException notJson) {
      return json.createObjectNode().put("text", new String(body, StandardCharsets.UTF_8));
    }
  }

  /** A JSON API request authorised by a bearer token; a null {@code body} sends none. */
  public static HttpRequest.Builder jsonRequest(URI uri, String bearerToken, String method, byte @Nullable [] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .header("Authorization", "Bearer " + bearerToken)
        .header("Accept", "application/json");
    if (body == null) {
      return request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return request.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** One exchange, answer body included, within {@code limit}; see {@link Calls#send} for the retried, paced form. */
  static HttpResponse<byte[]> send(HttpClient http, String provider, @Nullable Zone zone, String operation,
      HttpRequest request, Duration limit) {
    try {
      return whole(http.sendAsync(request, info -> new Bounded(ReadLimits.PROVIDER_DOCUMENT_BYTES)), limit);
    } catch (TooLarge e) {
      throw new ProviderException.Refused(provider, zone, operation, 0, String.valueOf(e.getMessage()));
    } catch (IOException e) {
      throw RetryPolicy.ioFailure(provider, zone, operation, e);
    } catch (TimeoutException e) {
      throw RetryPolicy.ioFailure(provider, zone, operation,
          new HttpTimeoutException("no complete answer within " + limit.toMillis() + " ms"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException.Transient(provider, zone, operation, 0, "interrupted", null, e);
    }
  }

  /** An answer over the size limit: refused, not retried (the same answer would come again). */
  private static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  /**
   * The answer body, at most {@code max} bytes: the JDK would otherwise buffer whatever a server
   * sends before Jackson's document limit ({@link ReadLimits}) could refuse it.
   */
  private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
    private final HttpResponse.BodySubscriber<byte[]> body = HttpResponse.BodySubscribers.ofByteArray();
    private final long max;
    private long received;
    private Flow.@Nullable Subscription subscription;

    Bounded(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      body.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        received += item.remaining();
      }
      if (received > max) {
        Flow.Subscription current = subscription;
        if (current != null) {
          current.cancel();
        }
        body.onError(new TooLarge("the answer is larger than " + max / (1024 * 1024) + " MiB, the limit for one answer"));
        return;
      }
      body.onNext(items);
    }

    @Override
    public void onError(Throwable failure) {
      body.onError(failure);
    }

    @Override
    public void onComplete() {
      body.onComplete();
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
