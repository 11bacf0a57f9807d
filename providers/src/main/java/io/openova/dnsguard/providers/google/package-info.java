/**
 * Google Cloud DNS through its JSON REST API v1 ({@code java.net.http} + Jackson; Google's auth
 * library only for access tokens). {@link io.openova.dnsguard.providers.google.GoogleProvider}
 * is the entry and {@link io.openova.dnsguard.providers.google.GoogleOptions} reads its
 * command-line options; {@code GoogleClient} is the only class on the wire, {@code
 * GoogleRecordMapper} the pure translation between record sets and {@code ResourceRecordSet} JSON.
 */
@NullMarked
package io.openova.dnsguard.providers.google;

import org.jspecify.annotations.NullMarked;
