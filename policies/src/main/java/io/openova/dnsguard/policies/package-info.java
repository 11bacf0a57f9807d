/** dnsguard policies. */
@NullMarked
package io.openova.dnsguard.policies;

import org.jspecify.annotations.NullMarked;
