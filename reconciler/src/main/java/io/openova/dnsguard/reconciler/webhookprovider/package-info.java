/**
 * What {@code dnsguard provider} serves: external-dns's webhook provider protocol served in front of a dnsguard
 * {@code DnsProvider}, with every change checked against the TXT registry and the policy before it
 * is written. One public entry type ({@link io.openova.dnsguard.reconciler.webhookprovider.ProviderServer});
 * the rest is package-private.
 */
@NullMarked
package io.openova.dnsguard.reconciler.webhookprovider;

import org.jspecify.annotations.NullMarked;
