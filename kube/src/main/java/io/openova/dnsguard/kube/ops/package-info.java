/** The probes and metrics port every dnsguard process serves, and the health state behind it. */
@NullMarked
package io.openova.dnsguard.kube.ops;

import org.jspecify.annotations.NullMarked;
