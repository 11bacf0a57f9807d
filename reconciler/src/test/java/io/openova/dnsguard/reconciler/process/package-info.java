/**
 * {@code dnsguard run} as a separate JVM process against real parts: killed mid-sync, two replicas
 * with leader election, a slow API server.
 */
@NullMarked
package io.openova.dnsguard.reconciler.process;

import org.jspecify.annotations.NullMarked;
