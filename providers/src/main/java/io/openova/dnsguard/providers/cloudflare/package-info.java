/**
 * Cloudflare through its API v4. {@link io.openova.dnsguard.providers.cloudflare.CloudflareProvider}
 * is the entry; {@code CloudflareClient} is the only class on the wire, {@code CloudflareRecordMapper}
 * the pure translation between record sets and Cloudflare's one-record-per-value model, {@link
 * io.openova.dnsguard.providers.cloudflare.CloudflareOptions} the command-line wiring.
 */
@NullMarked
package io.openova.dnsguard.providers.cloudflare;

import org.jspecify.annotations.NullMarked;
