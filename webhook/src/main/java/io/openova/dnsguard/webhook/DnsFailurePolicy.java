package io.openova.dnsguard.webhook;

/**
 * What to decide when the DNS side cannot be read (provider unreachable, nothing cached for the
 * zone). {@code FAIL} (the default) denies, so an outage never lets a takeover through;
 * {@code IGNORE} decides on the cluster side alone and says so in a warning.
 */
public enum DnsFailurePolicy { FAIL, IGNORE }
