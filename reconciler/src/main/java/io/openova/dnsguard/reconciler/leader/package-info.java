/**
 * One writer per zone: a Kubernetes Lease decides which replica leads; only the leader writes,
 * followers keep their caches warm and are ready to take over.
 */
@NullMarked
package io.openova.dnsguard.reconciler.leader;

import org.jspecify.annotations.NullMarked;
