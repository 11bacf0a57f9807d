/** What every dnsguard command shares on its command line. */
@NullMarked
package io.openova.dnsguard.commandline;

import org.jspecify.annotations.NullMarked;
