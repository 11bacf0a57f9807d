/** dnsguard testbench. */
@NullMarked
package io.openova.dnsguard.testbench;

import org.jspecify.annotations.NullMarked;
