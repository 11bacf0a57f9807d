/** The local sandbox: ./dnsguard up and down. */
@NullMarked
package io.openova.dnsguard.cli.sandbox;

import org.jspecify.annotations.NullMarked;
