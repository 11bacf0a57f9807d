package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One resource record set: every record of one type at one name, as a provider stores it.
 *
 * <p>Values are provider-neutral text, validated and put in canonical form here so that two sets
 * compare equal exactly when DNS would answer the same: A as a dotted quad, AAAA compressed per
 * RFC 5952, CNAME as a canonical hostname without trailing dot, TXT as the joined character
 * strings without quotes or escapes (providers quote on the wire). Other types keep their text.
 * Values are sorted and distinct.
 *
 * @param properties provider-specific settings that are part of the set (e.g. Cloudflare {@code
 *     proxied}); compared like values, never interpreted by the planner
 */
public record RecordSet(
    Hostname name, RecordType type, long ttl, List<String> values, Map<String, String> properties) {

  /** The largest TTL DNS can carry (RFC 2181: 2^31 - 1). */
  public static final long MAX_TTL = Integer.MAX_VALUE;

  public RecordSet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (ttl < 0 || ttl > MAX_TTL) {
      throw new IllegalArgumentException("TTL of " + name + " " + type + " must be 0.." + MAX_TTL + ", not " + ttl);
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + " " + type + " has no values");
    }
    if (values.size() == 1) { // most sets: nothing to sort
      values = List.of(RecordValues.canonical(name, type, values.getFirst()));
    } else {
      TreeSet<String> canonical = new TreeSet<>();
      for (String value : values) {
        canonical.add(RecordValues.canonical(name, type, value));
      }
      if (type == RecordType.CNAME && canonical.size() != 1) {
        throw new IllegalArgumentException(name + " CNAME must have exactly one target, not " + canonical);
      }
      values = List.copyOf(new ArrayList<>(canonical));
    }
    properties = Map.copyOf(properties);
  }

  /** A set without provider-specific properties. */
  public static RecordSet of(Hostname name, RecordType type, long ttl, List<String> values) {
    return new RecordSet(name, type, ttl, values, Map.of());
  }

  /** Convenience for configuration and tests: {@code RecordSet.of("api.example.com", A, 300, "192.0.2.1")}. */
  public static RecordSet of(String name, RecordType type, long ttl, String... values) {
    return of(Hostname.of(name), type, ttl, List.of(values));
  }

  /** The (name, type) this set occupies; a zone holds at most one set per key. */
  public RrsetKey key() {
    return new RrsetKey(name, type);
  }

  public RecordSet withTtl(long newTtl) {
    return new RecordSet(name, type, newTtl, values, properties);
  }

  public RecordSet withValues(List<String> newValues) {
    return new RecordSet(name, type, ttl, newValues, properties);
  }

  @Override
  public String toString() {
    return name + " " + ttl + " " + type + " " + values + (properties.isEmpty() ? "" : " " + properties);
  }
}
