/**
 * Hostnames in canonical form. {@link io.openova.dnsguard.policies.name.Hostname} is parsed once at
 * the edge (annotations, spec fields, policy files, zone files); nothing downstream takes a String.
 */
@NullMarked
package io.openova.dnsguard.policies.name;

import org.jspecify.annotations.NullMarked;
