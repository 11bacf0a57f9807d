/**
 * {@code check}: the offline checker. {@link io.openova.dnsguard.policies.check.CheckCommand} evaluates
 * manifests against a policy, cluster state files and zone files, exactly as the webhook would.
 */
@NullMarked
package io.openova.dnsguard.policies.check;

import org.jspecify.annotations.NullMarked;
