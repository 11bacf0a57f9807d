package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.PlanInvariants;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One sync, start to end, as external-dns's {@code Controller.RunOnce}: what DNS holds, decide on
 * every object with the policy (defence in depth), turn the allowed ones into desired record sets,
 * plan each zone (touching only records whose TXT names our owner id), apply.
 *
 * <p>Every sync plans the full state (every cached object against every zone), so a change is
 * never lost: a sync that fails leaves the difference in place and the next one applies it. What
 * DNS holds comes from the {@link ZoneCache}: a {@link #resync()} reads every zone, a sync after a
 * change plans against the copy kept since and written through. Not thread-safe: one {@link
 * LoopRunner} thread calls it.
 */
public final class ReconcileLoop {

  private final Supplier<PolicyEvaluator> policy;
  private final Sources sources;
  private final DnsTarget target;
  private final Clock clock;
  private final TxtRecordCodec codec;
  private final ZoneCache zones;

  /** Plain (unencrypted) TXT ownership records. */
  public ReconcileLoop(Supplier<PolicyEvaluator> policy, Sources sources, DnsTarget target, Clock clock) {
    this(policy, sources, target, clock, TxtRecordCodec.plain());
  }

  /** {@code codec} reads and writes the TXT ownership records (encrypted when it holds a key). */
  public ReconcileLoop(Supplier<PolicyEvaluator> policy, Sources sources, DnsTarget target, Clock clock,
      TxtRecordCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sources = Objects.requireNonNull(sources, "sources");
    this.target = Objects.requireNonNull(target, "target");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.zones = new ZoneCache(target);
  }

  /**
   * A full sync: every zone read now (drift made by hand or by another writer is repaired or
   * respected), then {@link #runOnce()}.
   *
   * @throws ProviderException when the zones cannot be read (nothing was written)
   */
  public SyncReport resync() {
    zones.forgetAll();
    return runOnce();
  }

  /**
   * Runs the pipeline once against the zones as cached and applies the plans.
   *
   * @throws ProviderException when a zone that is not cached cannot be read (nothing was written)
   */
  public SyncReport runOnce() {
    long start = System.nanoTime();
    Instant started = clock.instant();
    PolicyEvaluator rules = policy.get();
    Ownership ownership = Ownership.of(rules.policy(), codec);
    ZoneState dns = zones.state();
    Decisions decisions = Decisions.audit(sources.objects().get(), rules, sources.claims(), dns.view(ownership),
        sources.endpoints().attachment());
    List<Desired> desired = desired(decisions);
    List<ZonePlan> plans = dns.plan(ownership, desired, target.mode());
    List<ZoneOutcome> outcomes = plans.stream().map(plan -> apply(plan, ownership)).toList();
    outcomes.forEach(zones::settled);
    return new SyncReport(started, Duration.ofNanos(System.nanoTime() - start), decisions, outcomes);
  }

  /** The same pipeline up to the plans, against the zones read now; nothing is written. */
  public Preview preview() {
    PolicyEvaluator rules = policy.get();
    Ownership ownership = Ownership.of(rules.policy(), codec);
    zones.forgetAll();
    ZoneState dns = zones.state();
    Decisions decisions = Decisions.audit(sources.objects().get(), rules, sources.claims(), dns.view(ownership),
        sources.endpoints().attachment());
    return new Preview(decisions, dns.plan(ownership, desired(decisions), target.mode()));
  }

  /** The allowed objects' endpoints, in the provider's spelling so that plans converge. */
  private List<Desired> desired(Decisions decisions) {
    return decisions.allowed().stream()
        .flatMap(allowed -> sources.endpoints().endpoints(allowed.object(), allowed.extraction()).stream())
        .map(d -> new Desired(target.provider().adjust(d.set()), d.resource()))
        .toList();
  }

  private ZoneOutcome apply(ZonePlan zonePlan, Ownership ownership) {
    if (zonePlan.plan().isEmpty()) {
      return new ZoneOutcome.Unchanged(zonePlan.zone(), zonePlan.plan());
    }
    List<String> violations = PlanInvariants.violations(zonePlan.plan(), zonePlan.current(), ownership);
    if (!violations.isEmpty()) {
      return new ZoneOutcome.Unsafe(zonePlan.zone(), zonePlan.plan(), violations);
    }
    try {
      List<String> changed = zones.changedUnder(zonePlan);
      if (!changed.isEmpty()) {
        return new ZoneOutcome.Stale(zonePlan.zone(), zonePlan.plan(), changed);
      }
      target.provider().apply(zonePlan.zone(), ChangeBatch.of(zonePlan.plan()));
      return new ZoneOutcome.Applied(zonePlan.zone(), zonePlan.plan());
    } catch (ProviderException e) {
      return new ZoneOutcome.Failed(zonePlan.zone(), zonePlan.plan(), e);
    }
  }
}
