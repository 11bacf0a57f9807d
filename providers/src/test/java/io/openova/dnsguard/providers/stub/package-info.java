/**
 * Stateful HTTP stand-ins for cloud DNS APIs in provider contract tests: {@link
 * io.openova.dnsguard.providers.stub.StubServer} (loopback server, request log, fault
 * injection), {@link io.openova.dnsguard.providers.stub.Strict} (400 for unknown or
 * missing fields, like the real APIs) and {@link io.openova.dnsguard.providers.stub.Forwarding}
 * (faults in front of a real server). Each provider's test package holds its API's semantics.
 */
@NullMarked
package io.openova.dnsguard.providers.stub;

import org.jspecify.annotations.NullMarked;
