/** The serving material the webhook's TLS socket uses, and where it comes from (a managed Secret or mounted files). */
@NullMarked
package io.openova.dnsguard.certs.tls;

import org.jspecify.annotations.NullMarked;
