package io.openova.dnsguard.webhook;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.DnsOwnershipCache;
import io.openova.dnsguard.policies.ownership.DnsRecord;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.ownership.NameOwnership;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.TxtSettings;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.reconciler.provider.RecordReader;
import io.openova.dnsguard.reconciler.provider.Zone;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the DNS provider holds, for the webhook: each zone's records bulk-loaded once and kept in a
 * Caffeine cache (refreshed ahead of use, bounded), the zone list re-read every few minutes. A
 * failed refresh keeps serving the last snapshot; a zone never loaded (or a zone list never read)
 * throws, so the DNS failure policy decides instead of a silent allow.
 */
final class ProviderDnsView implements DnsView {
  static final Duration REFRESH_AFTER = Duration.ofSeconds(30);
  static final Duration EXPIRE_AFTER = Duration.ofMinutes(30);
  static final Duration ZONE_LIST_EVERY = Duration.ofMinutes(5);
  static final long MAX_ZONES = 10_000;

  /** What decoding depends on: a change of either re-reads the zones. */
  private record Registry(String ownerId, TxtSettings txt) {
    Ownership ownership(TxtRecordCodec codec) {
      return new Ownership(ownerId, txt.mapper(), txt.format(), codec);
    }
  }

  private record State(Registry settings, Instant zonesReadAt, DnsOwnershipCache cache) {}

  private final RecordReader reader;
  private final Supplier<PolicyEvaluator> policy;
  private final TxtRecordCodec codec;
  private final Clock clock;
  private volatile State state;

  ProviderDnsView(RecordReader reader, Supplier<PolicyEvaluator> policy, TxtRecordCodec codec, Clock clock) {
    this.reader = reader;
    this.policy = policy;
    this.codec = codec;
    this.clock = clock;
  }

  private DnsView current() {
    DnsPolicy rules = policy.get().policy();
    Registry settings = new Registry(rules.ownerId(), rules.txt());
    State now = state;
    if (now == null || !now.settings().equals(settings)
        || now.zonesReadAt().plus(ZONE_LIST_EVERY).isBefore(clock.instant())) {
      now = reload(settings, now);
    }
    return now.cache();
  }

  /** Re-reads the zone list; when that fails with a usable previous state, keeps it. */
  private synchronized State reload(Registry settings, State previous) {
    if (state != previous) {
      return state; // another thread reloaded meanwhile
    }
    List<Zone> zones;
    try {
      zones = reader.zones();
    } catch (RuntimeException e) {
      if (previous != null && previous.settings().equals(settings)) {
        return previous;
      }
      throw new IllegalStateException("the zones of " + reader.name() + " cannot be listed: " + e.getMessage(), e);
    }
    Map<Hostname, Zone> byName = zones.stream().collect(Collectors.toMap(Zone::name, z -> z, (a, b) -> a));
    DnsOwnershipCache cache = new DnsOwnershipCache(Set.copyOf(byName.keySet()),
        zone -> records(byName.get(zone)), zone -> settings.ownership(codec).decode(List.of(zone)),
        REFRESH_AFTER, EXPIRE_AFTER, MAX_ZONES);
    State fresh = new State(settings, clock.instant(), cache);
    state = fresh;
    return fresh;
  }

  private List<DnsRecord> records(Zone zone) {
    return Ownership.records(reader.records(zone));
  }

  /** The current cache's statistics (zeros before the zone list was first read). */
  CacheStats stats() {
    State now = state;
    return now == null ? CacheStats.empty() : now.cache().stats();
  }

  @Override
  public NameOwnership at(Hostname name) {
    return current().at(name);
  }
}
