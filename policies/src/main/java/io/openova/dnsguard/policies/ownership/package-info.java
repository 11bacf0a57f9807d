/**
 * Who owns which name: {@link io.openova.dnsguard.policies.ownership.ClaimIndex} (in-cluster claims,
 * fed incrementally from informers) and the DNS side ({@link
 * io.openova.dnsguard.policies.ownership.DnsView}, built from zone records, cached per zone by {@link
 * io.openova.dnsguard.policies.ownership.DnsOwnershipCache}).
 */
@NullMarked
package io.openova.dnsguard.policies.ownership;

import org.jspecify.annotations.NullMarked;
