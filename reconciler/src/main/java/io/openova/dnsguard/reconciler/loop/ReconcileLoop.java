package io.openova.dnsguard.reconciler.loop;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One sync, start to end, as external-dns's {@code Controller.RunOnce}: what DNS holds, decide on
 * every object with the policy (defence in depth), turn the allowed ones into desired record sets,
 * plan each zone (touching only records whose TXT names our owner id), apply.
 *
 * <p>A {@link #resync()} reads every zone and decides and plans everything; a sync after a change
 * ({@link #runOnce()}) plans against the copy kept since and written through ({@link ZoneCache}),
 * and decides and plans only what the change touches, each other object keeping its decision
 * ({@link DecisionMemory}). A sync that fails leaves the difference in place and makes the next one
 * decide everything again. Not thread-safe: one {@link LoopRunner} thread calls it (except {@link
 * #contextChanged()}).
 */
public final class ReconcileLoop {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Supplier<PolicyEvaluator> policy;
  private final Sources sources;
  private final DnsTarget target;
  private final Clock clock;
  private final TxtRecordCodec codec;
  private final ZoneCache zones;
  private final DecisionMemory memory = new DecisionMemory();
  private final AtomicBoolean everything = new AtomicBoolean(true);
  private @Nullable PolicyEvaluator decidedWith;

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
   * A periodic resync: every zone read now, so drift made by hand or by another writer is repaired
   * or respected. The names whose records changed since the zones were cached are decided and
   * planned again with the objects that changed; every other object keeps its decision, which the
   * unchanged records it was decided on still give. The first sync, one after a failure, a new
   * policy, a change of the managed zones or of what decides names beside the objects ({@link
   * #contextChanged()}) decide everything.
   *
   * @throws ProviderException when the zones cannot be read (nothing was written)
   */
  public SyncReport resync() {
    return sync(SyncReport.Scope.RESYNC);
  }

  /**
   * A sync for what changed since the last one, against the zones as cached: only the objects that
   * changed (added, updated, deleted) and their competitors for a name are decided again, and only
   * their names are planned; every other object keeps its decision. The first sync, one after a
   * failure, a new policy or a change of what decides names beside the objects ({@link
   * #contextChanged()}) decide everything.
   *
   * @throws ProviderException when a zone that is not cached cannot be read (nothing was written)
   */
  public SyncReport runOnce() {
    return sync(SyncReport.Scope.CHANGES);
  }

  /**
   * Starts reading the zones for the next full sync now, on other threads (start-up, while the
   * informers sync; shortly before a periodic resync, while syncs for changes go on); that sync uses
   * the read if it is recent. The sync thread, or any thread before the first sync.
   *
   * @return the read, done when it ended (well or not)
   */
  public CompletableFuture<?> readAhead() {
    return zones.readAhead();
  }

  /**
   * Something besides the objects changed that may change their names or verdicts (a Namespace's
   * labels, a Gateway, a ListenerSet): the next sync decides every object again. Any thread.
   */
  public void contextChanged() {
    everything.set(true);
  }

  private SyncReport sync(SyncReport.Scope asked) {
    long start = System.nanoTime();
    long cpuStart = cpuNanos();
    Instant started = clock.instant();
    PolicyEvaluator rules = policy.get();
    Ownership ownership = Ownership.of(rules.policy(), codec);
    boolean all = everything.getAndSet(false) || rules != decidedWith;
    boolean ok = false;
    try {
      @Nullable Set<Hostname> drifted = Set.of();
      if (asked == SyncReport.Scope.RESYNC) {
        if (all) {
          zones.forgetAll(); // read whole below
        } else {
          drifted = zones.reread(ownership.names());
          all = drifted == null;
        }
      }
      List<HasMetadata> objects = sources.objects().get();
      SyncReport.Scope scope = all ? SyncReport.Scope.EVERYTHING : asked;
      SyncReport report = all ? everything(started, start, rules, ownership, objects)
          : changes(started, start, rules, ownership, objects, Objects.requireNonNull(drifted), scope);
      ok = !report.failed() && !report.stale();
      return new SyncReport(report.started(), report.took(), report.decisions(), report.zones(),
          Duration.ofNanos(Math.max(0, cpuNanos() - cpuStart)), scope);
    } finally {
      if (ok) {
        decidedWith = rules;
      } else {
        decidedWith = null; // what was kept may not have been applied: decide everything next time
      }
    }
  }

  private static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  /**
   * Every object decided again and every name planned: the names objects claim, and every name DNS
   * holds in the managed zones (ours that no object wants any more are deleted there). Decided and
   * planned a group at a time, as a sync for changes is.
   */
  private SyncReport everything(Instant started, long start, PolicyEvaluator rules, Ownership ownership,
      List<HasMetadata> objects) {
    memory.clear();
    Function<HasMetadata, @Nullable Extraction> extract = extractor();
    Set<Hostname> names = new LinkedHashSet<>();
    for (HasMetadata object : objects) {
      Extraction extraction = extract.apply(object);
      if (extraction != null) {
        extraction.claims().forEach(claim -> names.add(claim.hostname()));
      }
    }
    names.addAll(zones.names(ownership.names()));
    return decided(started, start, rules, ownership, new DecisionMemory.Touched(objects, names), extract);
  }

  private SyncReport changes(Instant started, long start, PolicyEvaluator rules, Ownership ownership,
      List<HasMetadata> objects, Set<Hostname> drifted, SyncReport.Scope scope) {
    Function<HasMetadata, @Nullable Extraction> extract = extractor();
    DecisionMemory.Touched touched = memory.touched(objects, sources.claims(), drifted, extract);
    if (touched.names().isEmpty() && touched.objects().isEmpty() && scope == SyncReport.Scope.CHANGES) {
      return new SyncReport(started, Duration.ofNanos(System.nanoTime() - start), memory.decisions(), List.of());
    }
    return decided(started, start, rules, ownership, touched, extract);
  }

  // Each object's claims, read once in a sync.
  private Function<HasMetadata, @Nullable Extraction> extractor() {
    Attachment attachment = sources.endpoints().attachment();
    Map<HasMetadata, Extraction> extracted = new IdentityHashMap<>();
    return object -> extracted.computeIfAbsent(object, o -> Decisions.extract(o, attachment));
  }

  /**
   * Decides the touched objects and plans the touched names, one group of objects at a time (so the
   * first PATCH leaves after one group, not after all), each group's parts handed to the writer as
   * they are planned. Groups and parts start small and grow ({@link PartSizes}). Objects not touched
   * keep their decisions.
   */
  private SyncReport decided(Instant started, long start, PolicyEvaluator rules, Ownership ownership,
      DecisionMemory.Touched touched, Function<HasMetadata, @Nullable Extraction> extract) {
    Set<DecisionMemory.Key> redecided = new HashSet<>();
    touched.objects().forEach(object -> redecided.add(DecisionMemory.Key.of(object)));
    int requestNames = target.provider().capabilities().namesPerRequest();
    PartSizes sizes = new PartSizes(requestNames); // the parts' sizes; the groups grow by their own (below)
    // What the writes may create, for the stale check; asked for only when another writer may have written.
    Map<Zone, ZoneCache.Creations> creations = new HashMap<>();
    Function<Zone, ZoneCache.Creations> creatable = zone -> creations.computeIfAbsent(zone,
        z -> zones.state(touched.names(), ownership.names()).creations(z, touched.names(), ownership));
    List<ZoneOutcome> outcomes = written(creatable, ownership, writer -> {
      for (Group group : Group.of(touched, extract, new PartSizes(requestNames))) {
        ZoneState dns = zones.state(group.names(), ownership.names());
        DnsView view = dns.view(ownership);
        List<Decisions.Allowed> allowed = new ArrayList<>();
        for (HasMetadata object : group.objects()) {
          Extraction extraction = extract.apply(object);
          Decisions.Verdict verdict = Decisions.audit(object, extraction, rules, sources.claims(), view);
          memory.put(object, verdict);
          if (verdict instanceof Decisions.Allowed a) {
            allowed.add(a);
          }
        }
        // Objects not decided again that want one of the names planned: their wishes count as before.
        for (Decisions.Allowed kept : memory.allowedClaiming(group.names(), sources.claims(), redecided)) {
          Extraction extraction = extract.apply(kept.object());
          if (extraction != null) {
            allowed.add(new Decisions.Allowed(kept.object(), extraction));
          }
        }
        List<Desired> desired = desired(allowed).stream().filter(d -> group.names().contains(d.set().name())).toList();
        dns.parts(ownership, desired, target.mode(), sizes).forEach(writer::write);
      }
    });
    return new SyncReport(started, Duration.ofNanos(System.nanoTime() - start), memory.decisions(), outcomes);
  }

  /**
   * Objects decided and planned together, and the names they plan: objects that share a name are in
   * one group (a name is planned once, with every claimant decided), each group closed once it holds
   * the next of {@code sizes}' names; names no object claims any more (deleted objects', drifted ones)
   * come last.
   */
  record Group(List<HasMetadata> objects, Set<Hostname> names) {
    static List<Group> of(DecisionMemory.Touched touched, Function<HasMetadata, @Nullable Extraction> extract,
        PartSizes sizes) {
      List<HasMetadata> objects = touched.objects();
      int[] parent = new int[objects.size()];
      List<List<Hostname>> names = new ArrayList<>(objects.size());
      Map<Hostname, Integer> claimant = new HashMap<>();
      for (int i = 0; i < objects.size(); i++) {
        parent[i] = i;
        Extraction extraction = extract.apply(objects.get(i));
        List<Hostname> claimed = extraction == null ? List.of()
            : extraction.claims().stream().map(claim -> claim.hostname()).filter(touched.names()::contains).toList();
        names.add(claimed);
        for (Hostname name : claimed) {
          Integer other = claimant.putIfAbsent(name, i);
          if (other != null) {
            parent[root(parent, i)] = root(parent, other);
          }
        }
      }
      Map<Integer, List<Integer>> components = new LinkedHashMap<>();
      for (int i = 0; i < objects.size(); i++) {
        components.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(i);
      }
      List<Group> groups = new ArrayList<>();
      List<HasMetadata> members = new ArrayList<>();
      Set<Hostname> planned = new LinkedHashSet<>();
      int size = sizes.next();
      for (List<Integer> component : components.values()) {
        for (int i : component) {
          members.add(objects.get(i));
          planned.addAll(names.get(i));
        }
        if (planned.size() >= size) {
          groups.add(new Group(members, planned));
          members = new ArrayList<>();
          planned = new LinkedHashSet<>();
          size = sizes.next();
        }
      }
      for (Hostname name : touched.names()) {
        if (!claimant.containsKey(name)) {
          planned.add(name);
        }
      }
      if (!members.isEmpty() || !planned.isEmpty()) {
        groups.add(new Group(members, planned));
      }
      return groups;
    }

    private static int root(int[] parent, int i) {
      int r = i;
      while (parent[r] != r) {
        r = parent[r];
      }
      return r;
    }
  }

  /**
   * Plans and writes each zone part by part, a part being written while the next is planned
   * ({@link PartWriter}); writes through to the cache each part applied, as it is; then settles
   * each zone's outcome. Anything thrown before the outcomes are known leaves what was written
   * unknown — a provider failure other than a {@link ProviderException} (a bug), or a zone read that
   * failed while later groups were planned, with earlier parts already sent: every zone is read
   * again by the next sync, a read made ahead of it too ({@link ZoneCache#lostTrack}).
   */
  private List<ZoneOutcome> written(Function<Zone, ZoneCache.Creations> creations, Ownership ownership,
      Consumer<PartWriter> plans) {
    List<ZoneOutcome> outcomes;
    try (PartWriter writer = new PartWriter(target.provider(), ownership, zones, creations)) {
      plans.accept(writer);
      outcomes = writer.outcomes(zones::written);
    } catch (RuntimeException unknown) {
      zones.lostTrack();
      throw unknown;
    }
    outcomes.forEach(zones::settled);
    return outcomes;
  }

  /** The same pipeline up to the plans, against the zones read now; nothing is written. */
  public Preview preview() {
    PolicyEvaluator rules = policy.get();
    Ownership ownership = Ownership.of(rules.policy(), codec);
    zones.forgetAll();
    ZoneState dns = zones.state();
    Decisions decisions = Decisions.audit(sources.objects().get(), rules, sources.claims(), dns.view(ownership),
        sources.endpoints().attachment());
    return new Preview(decisions, dns.plan(ownership, desired(decisions.allowed()), target.mode()));
  }

  /** The allowed objects' endpoints, in the provider's spelling so that plans converge. */
  private List<Desired> desired(List<Decisions.Allowed> objects) {
    return objects.stream()
        .flatMap(allowed -> sources.endpoints().endpoints(allowed.object(), allowed.extraction()).stream())
        .map(d -> new Desired(target.provider().adjust(d.set()), d.resource()))
        .toList();
  }
}
