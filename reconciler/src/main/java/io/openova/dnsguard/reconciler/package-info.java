/** dnsguard reconciler. */
@NullMarked
package io.openova.dnsguard.reconciler;

import org.jspecify.annotations.NullMarked;
