package io.openova.dnsguard.provider;

import io.openova.dnsguard.policies.name.RecordType;
import java.util.List;

/**
 * A record set as the provider stores it, for showing only (external-dns's view of a zone through
 * {@code dnsguard provider}): nothing is planned from it, so nothing in it is canonicalised or
 * validated — which is what makes listing a large zone cheap.
 *
 * @param name the name as stored, without the trailing dot
 * @param values as {@link io.openova.dnsguard.policies.plan.RecordSet} holds them (TXT joined and
 *     unquoted), in the provider's order
 */
public record ListedSet(String name, RecordType type, long ttl, List<String> values) {}
