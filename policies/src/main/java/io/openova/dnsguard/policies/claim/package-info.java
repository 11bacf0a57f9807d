/** dnsguard policies: claim. */
@NullMarked
package io.openova.dnsguard.policies.claim;

import org.jspecify.annotations.NullMarked;
