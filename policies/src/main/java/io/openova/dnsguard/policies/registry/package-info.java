/** dnsguard policies: registry. */
@NullMarked
package io.openova.dnsguard.policies.registry;

import org.jspecify.annotations.NullMarked;
