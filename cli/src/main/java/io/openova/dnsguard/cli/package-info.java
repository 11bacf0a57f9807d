/** The dnsguard command line. */
@NullMarked
package io.openova.dnsguard.cli;

import org.jspecify.annotations.NullMarked;
