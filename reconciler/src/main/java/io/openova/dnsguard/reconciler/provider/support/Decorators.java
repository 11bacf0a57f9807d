package io.openova.dnsguard.reconciler.provider.support;

import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.reconciler.provider.Capabilities;
import io.openova.dnsguard.reconciler.provider.ChangeBatch;
import io.openova.dnsguard.reconciler.provider.DnsProvider;
import io.openova.dnsguard.reconciler.provider.ListedSet;
import io.openova.dnsguard.reconciler.provider.ProviderException;
import io.openova.dnsguard.reconciler.provider.Zone;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Wraps any provider with shared behaviour, outermost first: {@code
 * Decorators.rateLimited(Decorators.retrying(provider, retrier), limiter)}. A provider that
 * retries inside (per request, like PowerDNS) does not need {@link #retrying}.
 */
public final class Decorators {

  private Decorators() {}

  /** Retries transient failures of every call. Apply must be idempotent for this to be safe. */
  public static DnsProvider retrying(DnsProvider provider, Retrier retrier) {
    return new Wrapped(provider) {
      @Override
      <T> T around(Supplier<T> call) {
        return retrier.call(call);
      }
    };
  }

  /** Takes a token before every call. */
  public static DnsProvider rateLimited(DnsProvider provider, RateLimiter limiter) {
    return new Wrapped(provider) {
      @Override
      <T> T around(Supplier<T> call) {
        try {
          limiter.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProviderException.Transient(provider.name(), null, "waiting for the rate limiter", 0,
              "interrupted", null, e);
        }
        return call.get();
      }
    };
  }

  private abstract static class Wrapped implements DnsProvider {
    private final DnsProvider delegate;

    Wrapped(DnsProvider delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    abstract <T> T around(Supplier<T> call);

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public RecordSet adjust(RecordSet desired) {
      return delegate.adjust(desired);
    }

    @Override
    public Capabilities capabilities() {
      return delegate.capabilities();
    }

    @Override
    public List<Zone> zones() {
      return around(delegate::zones);
    }

    @Override
    public List<RecordSet> records(Zone zone) {
      return around(() -> delegate.records(zone));
    }

    @Override
    public List<ListedSet> listing(Zone zone) {
      return around(() -> delegate.listing(zone));
    }

    @Override
    public void apply(Zone zone, ChangeBatch batch) {
      around(() -> {
        delegate.apply(zone, batch);
        return null;
      });
    }
  }
}
