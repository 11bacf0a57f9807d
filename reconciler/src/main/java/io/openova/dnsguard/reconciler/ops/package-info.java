/**
 * What operators and the kubelet see of a running process: health for the probes, shared by
 * {@code dnsguard serve} and {@code dnsguard run}.
 */
@NullMarked
package io.openova.dnsguard.reconciler.ops;

import org.jspecify.annotations.NullMarked;
