/** Load drivers run by hand ({@code -Pbench}), not by the test suite. */
@NullMarked
package io.openova.dnsguard.reconciler.bench;

import org.jspecify.annotations.NullMarked;
