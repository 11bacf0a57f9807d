/**
 * The provider SPI, as small as external-dns's {@code provider/provider.go}: a {@link
 * io.openova.dnsguard.reconciler.provider.RecordReader} (zones and their record sets — all the
 * webhook needs for ownership look-ups) and a {@link io.openova.dnsguard.reconciler.provider.DnsProvider}
 * that also applies {@link io.openova.dnsguard.reconciler.provider.ChangeBatch}es. Implementations
 * live in sub-packages; shared machinery (retry, rate limiting, batching, dry run, pagination) in
 * {@code support}, once for all of them.
 */
@NullMarked
package io.openova.dnsguard.reconciler.provider;

import org.jspecify.annotations.NullMarked;
