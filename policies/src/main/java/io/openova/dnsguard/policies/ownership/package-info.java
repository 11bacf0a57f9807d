/**
 * Who owns which name: {@link io.openova.dnsguard.policies.ownership.ClaimIndex} (in-cluster claims,
 * fed incrementally from informers) and the DNS side — the one zone-ownership model: {@link
 * io.openova.dnsguard.policies.ownership.ZoneOwnership} decodes zones once (one TXT classifier),
 * {@link io.openova.dnsguard.policies.ownership.NameOwnership} answers per name and type with an
 * {@link io.openova.dnsguard.policies.ownership.Owner}; the webhook's evaluator reads it through
 * {@link io.openova.dnsguard.policies.ownership.DnsView} (cached per zone by {@link
 * io.openova.dnsguard.policies.ownership.DnsOwnershipCache}), the planner directly.
 */
@NullMarked
package io.openova.dnsguard.policies.ownership;

import org.jspecify.annotations.NullMarked;
