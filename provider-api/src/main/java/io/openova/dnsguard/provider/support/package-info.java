/**
 * Machinery every provider shares, written once: retry with exponential back-off and full jitter
 * honouring Retry-After ({@link io.openova.dnsguard.provider.support.Retrier}), error
 * classification ({@link io.openova.dnsguard.provider.support.RetryPolicy}), a token
 * bucket ({@link io.openova.dnsguard.provider.support.RateLimiter}), batching that never
 * splits a change group ({@link io.openova.dnsguard.provider.support.Batching}), dry run
 * and pagination. Time is injected ({@link java.time.Clock}, {@link
 * io.openova.dnsguard.provider.support.Sleeper}) so tests never sleep.
 */
@NullMarked
package io.openova.dnsguard.provider.support;

import org.jspecify.annotations.NullMarked;
