package io.openova.dnsguard.reconciler.provider.support;

import java.time.Duration;

/**
 * Every outbound call's time limits, in one place: no call to a DNS API or to the Kubernetes API
 * server can wait for ever (external-dns's pdns provider hangs silently on a server that accepts
 * connections and never answers, external-dns #6670).
 *
 * <ul>
 *   <li>{@link #CONNECT}: TCP connect and TLS handshake, to any API; a reachable server needs
 *       milliseconds.
 *   <li>{@link #PROVIDER_REQUEST}: one provider request, answer body included ({@link
 *       HttpExchange} enforces it on the whole exchange; the JDK's own request timeout stops at the
 *       response headers). PowerDNS sends a 50,000-name zone (19 MB) in about 1.4 s; a 1 MB PATCH
 *       takes under a second. Retries come on top ({@link RetryPolicy}).
 *   <li>{@link #KUBE_REQUEST}: one API-server request, lists included; watches are long-lived and
 *       re-established by the client, so they are not bounded by it. Generous, because a slow API
 *       server must delay us, not fail us (the seed's incident).
 * </ul>
 */
public final class Timeouts {
  public static final Duration CONNECT = Duration.ofSeconds(5);
  public static final Duration PROVIDER_REQUEST = Duration.ofSeconds(30);
  public static final Duration KUBE_REQUEST = Duration.ofMinutes(2);

  private Timeouts() {}
}
