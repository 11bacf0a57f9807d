/** The admission webhook: HTTPS server, review handling, probes, metrics. */
@NullMarked
package io.openova.dnsguard.webhook;

import org.jspecify.annotations.NullMarked;
