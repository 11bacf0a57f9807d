/** Kubernetes Events on source objects whose names are not synced, and why; deduplicated. */
@NullMarked
package io.openova.dnsguard.reconciler.events;

import org.jspecify.annotations.NullMarked;
