/** Informers on the kinds that claim DNS names, shared by the webhook and the reconciler. */
@NullMarked
package io.openova.dnsguard.reconciler.watch;

import org.jspecify.annotations.NullMarked;
