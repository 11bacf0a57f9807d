package io.openova.dnsguard.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider call that did not succeed, with a message meant for people: which provider, which
 * zone, what was attempted, and what the API said, e.g. {@code powerdns: zone example.com: PATCH
 * rrsets refused (HTTP 422): RRset api.example.com. IN CNAME: Conflicts with pre-existing RRset}.
 *
 * <p>{@link Transient} failures (rate limits, 5xx, connection errors) may succeed when retried;
 * {@link Refused} ones will not until something changes.
 */
public abstract sealed class ProviderException extends RuntimeException
    permits ProviderException.Transient, ProviderException.Refused {

  private final String provider;
  private final @Nullable Zone zoneRef;
  private final String zone;
  private final String operation;
  private final int status;
  private final String apiError;

  private ProviderException(String provider, @Nullable Zone zone, String operation, int status, String apiError,
      String verb, @Nullable Throwable cause) {
    super(message(provider, zone, operation, status, apiError, verb), cause);
    this.provider = Objects.requireNonNull(provider, "provider");
    this.zoneRef = zone;
    this.zone = zone == null ? "" : zone.name().value();
    this.operation = Objects.requireNonNull(operation, "operation");
    this.status = status;
    this.apiError = Objects.requireNonNull(apiError, "apiError");
  }

  private static String message(String provider, @Nullable Zone zone, String operation, int status, String apiError,
      String verb) {
    return provider + ": " + (zone == null ? "" : "zone " + zone.name() + ": ") + operation + " " + verb
        + (status > 0 ? " (HTTP " + status + ")" : "") + (apiError.isBlank() ? "" : ": " + apiError.strip());
  }

  /** Whether retrying the same call may succeed. */
  public abstract boolean retryable();

  /** The same failure with what had been done before it, e.g. {@code "after 3 of 10 requests"}. */
  public abstract ProviderException after(String progress);

  /** The zone this failure is about, if any (for {@link #after}). */
  final @Nullable Zone zoneRef() {
    return zoneRef;
  }

  public String provider() {
    return provider;
  }

  /** The zone apex, or empty for server-wide calls. */
  public String zone() {
    return zone;
  }

  public String operation() {
    return operation;
  }

  /** The HTTP status, or 0 when no response came back. */
  public int status() {
    return status;
  }

  /** The API's own error text, as it sent it (trimmed). */
  public String apiError() {
    return apiError;
  }

  /** A failure that may go away: 429, 5xx, connection refused or reset, timeouts. */
  public static final class Transient extends ProviderException {
    private final @Nullable Duration retryAfter;

    public Transient(String provider, @Nullable Zone zone, String operation, int status, String apiError,
        @Nullable Duration retryAfter, @Nullable Throwable cause) {
      super(provider, zone, operation, status, apiError, "failed", cause);
      this.retryAfter = retryAfter;
    }

    /** What the server asked for (Retry-After), if it did. */
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean retryable() {
      return true;
    }

    @Override
    public Transient after(String progress) {
      return new Transient(provider(), zoneRef(), operation() + " " + progress, status(), apiError(), retryAfter, getCause());
    }
  }

  /** The provider refused the request: bad credentials, invalid change, missing zone. */
  public static final class Refused extends ProviderException {
    public Refused(String provider, @Nullable Zone zone, String operation, int status, String apiError) {
      super(provider, zone, operation, status, apiError, "refused", null);
    }

    @Override
    public boolean retryable() {
      return false;
    }

    @Override
    public Refused after(String progress) {
      return new Refused(provider(), zoneRef(), operation() + " " + progress, status(), apiError());
    }
  }
}
