/**
 * Offline inputs, read as the webhook and the reconciler would see them: manifests and cluster
 * exports ({@link io.openova.dnsguard.policies.input.ManifestReader}) and zone files as
 * {@code pdnsutil list-zone} prints them ({@link io.openova.dnsguard.policies.input.ZoneFileReader});
 * {@code dnsguard check} and {@code dnsguard audit} read through them.
 */
@NullMarked
package io.openova.dnsguard.policies.input;

import org.jspecify.annotations.NullMarked;
