/** What every dnsguard command shares on its command line. */
@NullMarked
package io.openova.dnsguard.policies.cli;

import org.jspecify.annotations.NullMarked;
