package io.openova.dnsguard.provider.support;

import java.time.Duration;

/**
 * Every call to a DNS API has these time limits, set in one place: none can wait for ever
 * (external-dns's pdns provider hangs silently on a server that accepts connections and never
 * answers, external-dns #6670).
 *
 * <ul>
 *   <li>{@link #CONNECT}: TCP connect and TLS handshake, to any API; a reachable server needs
 *       milliseconds.
 *   <li>{@link #PROVIDER_REQUEST}: one provider request, answer body included ({@link
 *       HttpExchange} enforces it on the whole exchange; the JDK's own request timeout stops at the
 *       response headers). PowerDNS sends a 50,000-name zone (19 MB) in about 1.4 s; a 1 MB PATCH
 *       takes under a second. Retries come on top ({@link RetryPolicy}).
 * </ul>
 *
 * The API server's limits are in the Kubernetes plumbing ({@code KubeClients}), which does not
 * depend on the provider API.
 */
public final class Timeouts {
  public static final Duration CONNECT = Duration.ofSeconds(5);
  public static final Duration PROVIDER_REQUEST = Duration.ofSeconds(30);

  private Timeouts() {}
}
