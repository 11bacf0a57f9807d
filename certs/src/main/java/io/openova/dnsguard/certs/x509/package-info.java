/** X.509 authority and serving certificates: issuing them and deciding when to renew them. */
@NullMarked
package io.openova.dnsguard.certs.x509;

import org.jspecify.annotations.NullMarked;
