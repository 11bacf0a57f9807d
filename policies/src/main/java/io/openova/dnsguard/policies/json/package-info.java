/** How dnsguard reads JSON it did not write: one set of read limits, chosen on purpose. */
@NullMarked
package io.openova.dnsguard.policies.json;

import org.jspecify.annotations.NullMarked;
