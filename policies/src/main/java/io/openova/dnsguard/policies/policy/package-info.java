/** dnsguard policies: policy. */
@NullMarked
package io.openova.dnsguard.policies.policy;

import org.jspecify.annotations.NullMarked;
