/**
 * The provider API, as small as external-dns's {@code provider/provider.go}: a {@link
 * io.openova.dnsguard.provider.RecordReader} (zones and their record sets — all the
 * webhook needs for ownership look-ups) and a {@link io.openova.dnsguard.provider.DnsProvider}
 * that also applies {@link io.openova.dnsguard.provider.ChangeBatch}es. Implementations
 * live in the providers module; shared machinery (retry, rate limiting, batching, dry run, pagination) in
 * {@code support}, once for all of them.
 */
@NullMarked
package io.openova.dnsguard.provider;

import org.jspecify.annotations.NullMarked;
