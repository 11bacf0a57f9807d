/** Informers on the kinds that claim DNS names, shared by the webhook and the reconciler. */
@NullMarked
package io.openova.dnsguard.kube;

import org.jspecify.annotations.NullMarked;
