/** PEM encoding and strict decoding of certificates and private keys. */
@NullMarked
package io.openova.dnsguard.certs.pem;

import org.jspecify.annotations.NullMarked;
