/** dnsguard webhook. */
@NullMarked
package io.openova.dnsguard.webhook;

import org.jspecify.annotations.NullMarked;
