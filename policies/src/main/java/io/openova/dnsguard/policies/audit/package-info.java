/** The background audit's results: every violation already in the cluster, one per object and rule. */
@NullMarked
package io.openova.dnsguard.policies.audit;

import org.jspecify.annotations.NullMarked;
