package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How every request to a DNS API is made — written once, chosen once where a provider is built
 * ({@code ProviderOptions}: {@code --provider-timeout}, the retry policy): each request is
 * bounded by {@link #timeout()} (answer body included), paced when the API has a request budget,
 * and retried on transient failures with back-off ({@link Retrier}). A provider's client sends
 * every request through {@link #send} (HTTP) or {@link #call} (an SDK) from its one request
 * method and never retries, paces or times out on its own; requests are retried one by one, so a
 * failure never replays requests that had succeeded.
 *
 * <p>Time is injected ({@link Clock}, {@link Sleeper}) so tests never sleep.
 */
public final class Calls {

  private final Duration timeout;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Retrier retrier;
  private final @Nullable RateLimiter pacing;

  private Calls(Duration timeout, RetryPolicy retry, Clock clock, Sleeper sleeper, DoubleSupplier random,
      @Nullable RateLimiter pacing) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the provider request timeout must be positive, not " + timeout);
    }
    this.timeout = timeout;
    this.retry = Objects.requireNonNull(retry, "retry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.retrier = new Retrier(retry, sleeper, random);
    this.pacing = pacing;
  }

  /** {@link Timeouts#PROVIDER_REQUEST}, {@link RetryPolicy#DEFAULT}, real time. */
  public static Calls standard() {
    return of(Timeouts.PROVIDER_REQUEST, RetryPolicy.DEFAULT);
  }

  public static Calls of(Duration timeout, RetryPolicy retry) {
    return new Calls(timeout, retry, Clock.systemUTC(), Sleeper.system(),
        () -> ThreadLocalRandom.current().nextDouble(), null);
  }

  /** The same on another clock (tests: a clock that moves only when slept on; {@code random} fixes the jitter). */
  public <T extends Clock & Sleeper> Calls withTime(T time, DoubleSupplier jitter) {
    return new Calls(timeout, retry, time, time, jitter, pacing);
  }

  public Calls withRetry(RetryPolicy policy) {
    return new Calls(timeout, policy, clock, sleeper, random, pacing);
  }

  /** The same, every attempt first waiting for a token of a bucket of {@code perSecond} with bursts of {@code burst}. */
  public Calls paced(double perSecond, int burst) {
    return new Calls(timeout, retry, clock, sleeper, random, new RateLimiter(perSecond, burst, clock, sleeper));
  }

  /** An HTTP client builder with the connect time limit ({@link Timeouts#CONNECT}) every provider's client starts from. */
  public HttpClient.Builder httpClient() {
    return HttpClient.newBuilder().connectTimeout(Timeouts.CONNECT);
  }

  /** The limit on one request, answer included; retries come on top. */
  public Duration timeout() {
    return timeout;
  }

  public Clock clock() {
    return clock;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * One API call that is not plain HTTP (an SDK's), paced and retried. The call must bound itself by
   * {@link #timeout()} and throw {@link ProviderException}s.
   */
  public <T> T call(String provider, Supplier<T> call) {
    return retrier.call(() -> {
      pace(provider);
      return call.get();
    });
  }

  /**
   * One HTTP request: paced, sent within {@link #timeout()}, its answer read by {@code answer}
   * (which throws a {@link ProviderException} for an error status), retried as a whole while the
   * failure is transient.
   */
  public <T> T send(HttpClient http, String provider, @Nullable Zone zone, String operation,
      HttpRequest.Builder request, Function<HttpResponse<byte[]>, T> answer) {
    HttpRequest built = request.timeout(timeout).build();
    return send(http, provider, zone, operation, () -> built, answer);
  }

  /** The same, the request made anew for every attempt (e.g. with a fresh access token). */
  public <T> T send(HttpClient http, String provider, @Nullable Zone zone, String operation,
      Supplier<HttpRequest> request, Function<HttpResponse<byte[]>, T> answer) {
    return retrier.call(() -> {
      pace(provider);
      HttpRequest attempt = request.get();
      return answer.apply(HttpExchange.send(http, provider, zone, operation, attempt,
          attempt.timeout().orElse(timeout)));
    });
  }

  private void pace(String provider) {
    if (pacing == null) {
      return;
    }
    try {
      pacing.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException.Transient(provider, null, "waiting for the request budget", 0, "interrupted", null, e);
    }
  }

  @Override
  public String toString() {
    return "Calls[timeout=" + timeout + ", retry=" + retry + (pacing == null ? "" : ", paced") + "]";
  }
}
