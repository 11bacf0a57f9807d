/** End-to-end tests of the reconciler against a real kube-apiserver and a real PowerDNS. */
@NullMarked
package io.openova.dnsguard.reconciler.e2e;

import org.jspecify.annotations.NullMarked;
