/**
 * Amazon Route53 through the AWS SDK v2. {@link
 * io.openova.dnsguard.providers.route53.Route53Provider} is the entry and {@link
 * io.openova.dnsguard.providers.route53.Route53Options} reads its command-line options;
 * {@code Route53Client} is the only class that touches the SDK, {@code Route53RecordMapper} the
 * pure translation between record sets and Route53's rrsets ({@code Route53Rrset}, SDK-free).
 *
 * <p>Alias records and record sets with a routing policy (weighted, latency, failover, geo,
 * multivalue: anything with a {@code SetIdentifier}) are read so the planner sees them, and never
 * written.
 */
@NullMarked
package io.openova.dnsguard.providers.route53;

import org.jspecify.annotations.NullMarked;
