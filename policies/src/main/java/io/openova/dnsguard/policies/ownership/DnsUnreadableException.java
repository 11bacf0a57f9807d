package io.openova.dnsguard.policies.ownership;

/**
 * The DNS side could not be read: a zone list or a zone's records failed to load, or did not load
 * within the wait allowed. The one failure a {@link DnsView} reports for an outage, whatever the
 * provider threw, so that a configured failure policy decides it and not an accident of types.
 */
public final class DnsUnreadableException extends RuntimeException {
  public DnsUnreadableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The cause's own message, or its type when it has none (a bare timeout, an NPE in a loader). */
  static String reason(Throwable cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
