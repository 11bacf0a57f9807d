/**
 * PowerDNS Authoritative through its HTTP API v1. {@link
 * io.openova.dnsguard.providers.powerdns.PowerDnsProvider} is the entry; {@code
 * PowerDnsClient} is the only class on the wire, {@code PowerDnsRecordMapper} the pure translation
 * between record sets and rrset JSON. See {@code reconciler/POWERDNS.md} for the server settings
 * this code is designed around (one SQLite writer, ~1 MB PATCH bodies, rectify off).
 */
@NullMarked
package io.openova.dnsguard.providers.powerdns;

import org.jspecify.annotations.NullMarked;
