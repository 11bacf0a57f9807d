/**
 * The DNS providers dnsguard writes to, each a client for its API's wire format and a mapper
 * between that format and the provider API's record model; {@link
 * io.openova.dnsguard.provider.ProviderOptions} builds the one a command names.
 */
@NullMarked
package io.openova.dnsguard.providers;

import org.jspecify.annotations.NullMarked;
