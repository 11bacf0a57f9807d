/** dnsguard policies: ownership. */
@NullMarked
package io.openova.dnsguard.policies.ownership;

import org.jspecify.annotations.NullMarked;
