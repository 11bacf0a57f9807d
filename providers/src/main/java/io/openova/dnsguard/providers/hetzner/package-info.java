/**
 * Hetzner DNS through the Hetzner Cloud API ({@code https://api.hetzner.cloud/v1}: zones, rrsets,
 * rrset actions, Actions); the old DNS Console API was retired in May 2026. {@link
 * io.openova.dnsguard.providers.hetzner.HetznerProvider} is the entry; {@code
 * HetznerClient} is the only class on the wire, {@code HetznerRecordMapper} the pure translation,
 * {@link io.openova.dnsguard.providers.hetzner.HetznerOptions} the command-line wiring.
 */
@NullMarked
package io.openova.dnsguard.providers.hetzner;

import org.jspecify.annotations.NullMarked;
