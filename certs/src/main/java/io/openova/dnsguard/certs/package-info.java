/** dnsguard certs. */
@NullMarked
package io.openova.dnsguard.certs;

import org.jspecify.annotations.NullMarked;
