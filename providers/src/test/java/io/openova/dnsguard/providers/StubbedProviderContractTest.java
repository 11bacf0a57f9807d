package io.openova.dnsguard.providers;

import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.StubServer.Request;
import io.openova.dnsguard.provider.support.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The conformance suite for a provider whose every request goes through a {@link StubServer}
 * (a stub of its API, or a forwarding front of a real server): faults are injected there and the
 * provider sleeps on {@link #time}, so throttling and retries cost no real time.
 */
public abstract class StubbedProviderContractTest extends DnsProviderContractTest {
  /** The provider's clock and sleeper; a new one per test (JUnit makes an instance per test). */
  protected final FakeTime time = new FakeTime();

  /** The server every request of the provider passes, started by the subclass before each test. */
  protected abstract StubServer stub();

  /** The requests that carry a change: a 500 is injected into these. */
  protected abstract Predicate<Request> writes();

  /** The requests the API throttles; every request unless the subclass says otherwise (e.g. token calls). */
  protected Predicate<Request> throttled() {
    return request -> true;
  }

  @Override
  protected final void throttleNext(int requests) {
    stub().throttle(requests, throttled(), Duration.ofSeconds(RETRY_AFTER_SECONDS));
  }

  @Override
  protected final void failWritesAfter(int passing) {
    stub().fail(passing, Integer.MAX_VALUE, writes(), 500);
  }

  @Override
  protected final void clearFaults() {
    stub().clearFaults();
  }

  @Override
  protected final List<Duration> waits() {
    return time.sleeps();
  }
}
