package io.openova.dnsguard.webhook;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.DnsOwnershipCache;
import io.openova.dnsguard.policies.ownership.DnsRecord;
import io.openova.dnsguard.policies.ownership.DnsUnreadableException;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.ownership.NameOwnership;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.TxtSettings;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.provider.RecordReader;
import io.openova.dnsguard.provider.Zone;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the DNS provider holds, for the webhook: each zone's records bulk-loaded once and kept in a
 * Caffeine cache (refreshed ahead of use, bounded), the zone list re-read every few minutes. A
 * failed refresh keeps serving the last snapshot (of a zone, until it expires; of the zone list,
 * until a read succeeds). A zone never loaded, a zone list never read, or either not read within
 * {@link #READ_WAIT} throws {@link DnsUnreadableException}, so the DNS failure policy decides
 * instead of a silent allow or a review that outlives the API server's webhook timeout.
 */
final class ProviderDnsView implements DnsView {
  static final Duration REFRESH_AFTER = Duration.ofSeconds(30);
  static final Duration EXPIRE_AFTER = Duration.ofMinutes(30);
  static final Duration ZONE_LIST_EVERY = Duration.ofMinutes(5);
  /** Half the API server's default webhook timeout (10 s): the policy decides before the API server gives up. */
  static final Duration READ_WAIT = Duration.ofSeconds(5);
  /** A zone list that failed is not asked for again sooner: reviews must not hammer a provider that is down. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
  static final long MAX_ZONES = 10_000;

  /** What decoding depends on: a change of either re-reads the zones. */
  private record Registry(String ownerId, TxtSettings txt) {
    Ownership ownership(TxtRecordCodec codec) {
      return new Ownership(ownerId, txt.mapper(), txt.format(), codec);
    }
  }

  private record State(Registry settings, Instant zonesReadAt, DnsOwnershipCache cache) {}

  private record Failure(Registry settings, Instant at, DnsUnreadableException error) {}

  private final RecordReader reader;
  private final Supplier<PolicyEvaluator> policy;
  private final TxtRecordCodec codec;
  private final Clock clock;
  private final Duration readWait;
  /** Provider reads block on I/O: virtual threads, never the common pool (one thread on two cores). */
  private final ExecutorService io = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("dnsguard-dns-read-", 0).factory());
  private volatile @Nullable State state;
  private volatile @Nullable Failure lastFailure;
  private @Nullable CompletableFuture<State> listing; // guarded by this

  ProviderDnsView(RecordReader reader, Supplier<PolicyEvaluator> policy, TxtRecordCodec codec, Clock clock) {
    this(reader, policy, codec, clock, READ_WAIT);
  }

  ProviderDnsView(RecordReader reader, Supplier<PolicyEvaluator> policy, TxtRecordCodec codec, Clock clock,
      Duration readWait) {
    this.reader = reader;
    this.policy = policy;
    this.codec = codec;
    this.clock = clock;
    this.readWait = readWait;
  }

  private DnsView current() {
    DnsPolicy rules = policy.get().policy();
    Registry settings = new Registry(rules.ownerId(), rules.txt());
    State last = state;
    State now = last != null && last.settings().equals(settings) ? last : null;
    if (now != null && !now.zonesReadAt().plus(ZONE_LIST_EVERY).isBefore(clock.instant())) {
      return now.cache();
    }
    CompletableFuture<State> listed = listZones(settings);
    if (now != null) {
      return now.cache(); // the last zone list serves while a new one is read, and when that fails
    }
    try {
      return listed.get(readWait.toMillis(), TimeUnit.MILLISECONDS).cache();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof DnsUnreadableException unreadable ? unreadable
          : new DnsUnreadableException("the zones of " + reader.name() + " cannot be listed",
              Objects.requireNonNullElse(e.getCause(), e));
    } catch (TimeoutException e) {
      throw new DnsUnreadableException("the zones of " + reader.name() + " were not listed within "
          + readWait.toMillis() + " ms (the provider is slow or hangs; still trying)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DnsUnreadableException("interrupted while listing the zones of " + reader.name(), e);
    }
  }

  /** The zone list being read, or a new read; after a recent failure, that failure. */
  private synchronized CompletableFuture<State> listZones(Registry settings) {
    if (listing != null && !listing.isDone()) {
      return listing;
    }
    Failure failed = lastFailure;
    if (failed != null && failed.settings().equals(settings)
        && failed.at().plus(RETRY_AFTER_FAILURE).isAfter(clock.instant())) {
      return CompletableFuture.failedFuture(failed.error());
    }
    listing = CompletableFuture.supplyAsync(() -> readZones(settings), io);
    return listing;
  }

  private State readZones(Registry settings) {
    List<Zone> zones;
    try {
      zones = reader.zones();
    } catch (RuntimeException e) {
      DnsUnreadableException error = new DnsUnreadableException("the zones of " + reader.name()
          + " cannot be listed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
      lastFailure = new Failure(settings, clock.instant(), error);
      throw error;
    }
    Map<Hostname, Zone> byName = zones.stream().collect(Collectors.toMap(Zone::name, z -> z, (a, b) -> a));
    DnsOwnershipCache cache = new DnsOwnershipCache(Set.copyOf(byName.keySet()),
        zone -> records(Objects.requireNonNull(byName.get(zone), zone::toString)), zone -> settings.ownership(codec).decode(List.of(zone)),
        new DnsOwnershipCache.Timing(REFRESH_AFTER, EXPIRE_AFTER, readWait, io, clock), MAX_ZONES);
    State fresh = new State(settings, clock.instant(), cache);
    state = fresh;
    lastFailure = null;
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
