/**
 * The external-dns TXT registry, compatible with kubernetes-sigs/external-dns: ownership record
 * names ({@link io.openova.dnsguard.policies.registry.TxtNameMapper}, both formats, prefix/suffix and
 * {@code %{record_type}}) and contents ({@link io.openova.dnsguard.policies.registry.TxtRecordCodec},
 * plain or AES-256-GCM encrypted). Pure functions: no caching, no I/O, inputs never mutated.
 */
@NullMarked
package io.openova.dnsguard.policies.registry;

import org.jspecify.annotations.NullMarked;
