/** JUnit 5 extensions that give tests the real parts. */
@NullMarked
package io.openova.dnsguard.testbench.junit;

import org.jspecify.annotations.NullMarked;
