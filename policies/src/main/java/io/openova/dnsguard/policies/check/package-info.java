/** dnsguard policies: check. */
@NullMarked
package io.openova.dnsguard.policies.check;

import org.jspecify.annotations.NullMarked;
