/** Serving certificates into the running server. */
@NullMarked
package io.openova.dnsguard.webhook.tls;

import org.jspecify.annotations.NullMarked;
