package io.openova.dnsguard.webhook;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.DnsUnreadableException;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.ownership.NameOwnership;
import java.util.function.Supplier;

/**
 * A DNS view whose failures are told apart from bugs: a failure to read the provider (the view
 * reports every one as {@link DnsUnreadableException}, whatever the provider threw) becomes
 * {@link DnsUnavailableException} naming the hostname, for {@link DnsFailurePolicy} to decide; any
 * other exception is a bug, answered as an internal error.
 */
final class GuardedDnsView implements DnsView {
  private final DnsView delegate;

  GuardedDnsView(DnsView delegate) {
    this.delegate = delegate;
  }

  @Override
  public NameOwnership at(Hostname name) {
    return guarded(name, () -> delegate.at(name));
  }

  private static <T> T guarded(Hostname name, Supplier<T> read) {
    try {
      return read.get();
    } catch (DnsUnreadableException e) {
      throw new DnsUnavailableException(name, e);
    }
  }

  /** The DNS records for a name could not be read. */
  static final class DnsUnavailableException extends RuntimeException {
    DnsUnavailableException(Hostname name, Throwable cause) {
      super("DNS ownership of \"" + name.value() + "\" could not be read: "
          + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
    }
  }
}
