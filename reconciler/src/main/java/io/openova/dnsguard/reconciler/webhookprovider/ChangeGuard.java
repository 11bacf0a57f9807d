package io.openova.dnsguard.reconciler.webhookprovider;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.Conflict;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.PlanInvariants;
import io.openova.dnsguard.policies.plan.Planner;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.RrsetKey;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.UnmanagedDomains;
import io.openova.dnsguard.policies.registry.DecodedTxt;
import io.openova.dnsguard.policies.registry.OwnershipRecordName;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ListedSet;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Checks external-dns's changes against the TXT registry and the policy, and writes the rest with
 * dnsguard's own writer.
 *
 * <p>external-dns's changes are read as a statement of what the names it touches should hold: for
 * each touched name, the records it creates or updates, minus those it deletes, plus the name's
 * other records as they are. That desired state goes through dnsguard's {@link Planner} as owner
 * id <em>of the request</em>, over the touched names' slice of the zone as read now. The planner
 * refuses what another owner holds, what nobody owns (hand-made records, LUA records) and what its
 * registry cannot record, and writes a name's records and ownership TXT as one group in its
 * documented order; {@link DnsProvider#apply} sends the groups in bounded requests. The ownership
 * TXT records external-dns sends are its claim (who is asking, for which resource): they must be
 * ownership records of the request's owner at the registry name of a record in the request; the
 * planner writes the same records (same name format, same content) in the same group.
 *
 * <p>Before the planner, each change is checked on its own: a valid name, a type dnsguard writes
 * (A, AAAA, CNAME, without set identifier), no {@code _} label, inside the policy's domains, in a
 * zone the provider serves. A refused change leaves its name and type as they are; the rest of
 * the request is written.
 *
 * <p>Check and write run under one lock, on a fresh read of the zone, so two clients of this
 * process cannot both take a name.
 */
final class ChangeGuard {

  /** What external-dns's PowerDNS provider writes for an endpoint without TTL. */
  static final long DEFAULT_TTL = 300;

  private final DnsProvider provider;
  private final Supplier<DnsPolicy> policy;
  private final ZoneListings listings;
  private final int partNames;
  private final ReentrantLock lock = new ReentrantLock();

  ChangeGuard(DnsProvider provider, Supplier<DnsPolicy> policy, ZoneListings listings) {
    this.provider = provider;
    this.policy = policy;
    this.listings = listings;
    this.partNames = provider.capabilities().namesPerRequest();
  }

  /**
   * Checks and applies {@code changes} sent by {@code caller}.
   *
   * @throws io.openova.dnsguard.provider.ProviderException when the provider cannot be
   *     read or refuses a write (groups before it were written)
   */
  Outcome apply(Changes changes, Caller caller) {
    if (changes.size() == 0) {
      return new Outcome("", 0, List.of());
    }
    DnsPolicy rules = policy.get();
    Set<String> owners = owners(changes);
    if (owners.size() != 1) {
      String why = owners.isEmpty()
          ? "the request names no owner id: dnsguard needs external-dns's TXT registry (--registry=txt --txt-owner-id=...)"
          : "the request writes as several owner ids " + owners;
      return refuseAll(changes, String.join(",", owners), why);
    }
    String owner = owners.iterator().next();
    if (!caller.mayWriteAs(owner)) {
      return refuseAll(changes, owner, caller + " may not write as external-dns owner \"" + owner + "\"");
    }
    Ownership ownership;
    try {
      ownership = Ownership.of(owner, rules.txt());
    } catch (IllegalArgumentException e) {
      return refuseAll(changes, "", "owner id \"" + owner + "\" cannot be written in a TXT registry record: " + e.getMessage());
    }
    Request request = new Request(ownership, rules, provider.zones());
    changes.delete().forEach(e -> request.add(e, Kind.DELETE));
    changes.updateOld().forEach(e -> request.add(e, Kind.TOUCH));
    changes.create().forEach(e -> request.add(e, Kind.WRITE));
    changes.updateNew().forEach(e -> request.add(e, Kind.WRITE));
    request.checkClaims();
    int applied = 0;
    lock.lock();
    try {
      for (ZoneRequest zone : request.zones.values()) {
        applied += listings.writing(zone.zone, () -> zone.apply(provider, request.ownership, partNames));
      }
    } finally {
      lock.unlock();
    }
    request.zones.values().forEach(zone -> request.refused.addAll(zone.refused));
    return new Outcome(owner, applied, request.refused);
  }

  private static Outcome refuseAll(Changes changes, String owner, String why) {
    List<Refusal> refused = changes.all().map(e -> Refusal.of(e, Refusal.Reason.OWNER_NOT_ALLOWED, why)).toList();
    return new Outcome(owner, 0, refused);
  }

  // The owner ids the request speaks for: record labels, and the contents of ownership TXT records.
  private static Set<String> owners(Changes changes) {
    Set<String> owners = new TreeSet<>();
    TxtRecordCodec codec = TxtRecordCodec.plain();
    changes.all().forEach(e -> {
      String label = e.labels().getOrDefault(Endpoint.OWNER_LABEL, "");
      if (!label.isEmpty()) {
        owners.add(label);
      }
      if (RecordType.of(e.recordType()) == RecordType.TXT) {
        for (String target : e.targets()) {
          if (codec.decode(target) instanceof DecodedTxt.Owned owned) {
            owners.add(owned.ownerId());
          }
        }
      }
    });
    return owners;
  }

  private enum Kind { DELETE, TOUCH, WRITE }

  /** The request sorted by zone, and the refusals found so far. */
  private static final class Request {
    final Ownership ownership;
    final DnsPolicy rules;
    final List<Zone> served;
    final Map<String, ZoneRequest> zones = new LinkedHashMap<>();
    final List<Refusal> refused = new ArrayList<>();
    // Ownership TXT records sent, with the endpoint they speak for.
    private final List<Claim> claims = new ArrayList<>();

    private record Claim(Endpoint txt, Hostname endpoint, ZoneRequest zone) {}

    Request(Ownership ownership, DnsPolicy rules, List<Zone> zones) {
      this.ownership = ownership;
      this.rules = rules;
      this.served = zones.stream().sorted(Comparator.comparingInt((Zone z) -> z.name().labelCount()).reversed()).toList();
    }

    void add(Endpoint endpoint, Kind kind) {
      Hostname name;
      switch (Hostname.parse(endpoint.dnsName())) {
        case ParsedHostname.Valid valid -> name = valid.hostname();
        case ParsedHostname.Invalid invalid -> {
          refuse(endpoint, Refusal.Reason.INVALID, invalid.message());
          return;
        }
      }
      RecordType type = RecordType.of(endpoint.recordType());
      if (type == RecordType.TXT) {
        addOwnershipRecord(endpoint, name);
        return;
      }
      if (!Desired.MANAGED_TYPES.contains(type)) {
        refuse(endpoint, Refusal.Reason.UNSUPPORTED, "\"" + name + "\" " + endpoint.recordType()
            + ": dnsguard writes A, AAAA and CNAME records (with their ownership TXT) only");
        return;
      }
      @Nullable ZoneRequest zone = checkedZone(endpoint, name);
      if (zone == null) {
        return;
      }
      if (!endpoint.setIdentifier().isEmpty()) {
        zone.refuse(endpoint, new RrsetKey(name, type), Refusal.Reason.UNSUPPORTED, "\"" + name + "\" " + type
            + " has set identifier \"" + endpoint.setIdentifier() + "\": dnsguard writes no routing policies");
        return;
      }
      RrsetKey key = new RrsetKey(name, type);
      switch (kind) {
        case DELETE -> zone.want(endpoint, key, null);
        case TOUCH -> zone.touchRecord(name);
        case WRITE -> {
          @Nullable Desired desired = desired(endpoint, name, type);
          if (desired == null) {
            zone.refuse(endpoint, key, Refusal.Reason.INVALID, "\"" + name + "\" " + type + " " + endpoint.targets()
                + " is not a valid record set (targets or resource label)");
          } else {
            zone.want(endpoint, key, desired);
          }
        }
      }
    }

    // The TXT records external-dns's registry adds: accepted as the claim of a touched name, never written as sent.
    private void addOwnershipRecord(Endpoint endpoint, Hostname name) {
      Optional<OwnershipRecordName> registryName = ownership.names().toEndpoint(name.value());
      boolean ours = !endpoint.targets().isEmpty() && endpoint.targets().stream()
          .allMatch(t -> ownership.codec().decode(t) instanceof DecodedTxt.Owned owned
              && owned.ownerId().equals(ownership.ownerId()));
      if (registryName.isEmpty() || !ours) {
        refuse(endpoint, name.hasReservedLabel() ? Refusal.Reason.UNDERSCORE_LABEL : Refusal.Reason.UNSUPPORTED,
            "TXT \"" + name + "\" is not an ownership record of owner \"" + ownership.ownerId()
                + "\" in this registry (" + registryDescription() + "); dnsguard writes no other TXT records");
        return;
      }
      Hostname endpointName = registryName.get().endpoint();
      @Nullable ZoneRequest zone = checkedZone(endpoint, endpointName);
      if (zone != null) {
        claims.add(new Claim(endpoint, endpointName, zone));
      }
    }

    // An ownership record belongs with a record of the request; alone it would claim a name for nothing.
    void checkClaims() {
      for (Claim claim : claims) {
        if (claim.zone().recordNames.contains(claim.endpoint())) {
          claim.zone().touch(claim.endpoint());
        } else {
          refuse(claim.txt(), Refusal.Reason.UNDERSCORE_LABEL, "TXT \"" + claim.txt().dnsName()
              + "\" is an ownership record without a record of \"" + claim.endpoint() + "\" in the request;"
              + " dnsguard writes ownership records only together with the records they speak for");
        }
      }
    }

    private String registryDescription() {
      return "names like \"" + ownership.names().toTxtName(Hostname.of("name.example"), RecordType.A, ownership.writeFormat()) + "\"";
    }

    private @Nullable ZoneRequest checkedZone(Endpoint endpoint, Hostname name) {
      if (name.hasReservedLabel()) {
        refuse(endpoint, Refusal.Reason.UNDERSCORE_LABEL, "\"" + name
            + "\" has a label starting with '_': that namespace belongs to the TXT registry and service records");
        return null;
      }
      if (rules.domainFor(name).isEmpty() && rules.unmanagedDomains() == UnmanagedDomains.DENY) {
        refuse(endpoint, Refusal.Reason.OUTSIDE_POLICY, "\"" + name + "\" is outside every domain of policy "
            + rules.name());
        return null;
      }
      for (Zone zone : served) {
        if (name.isWithin(zone.name())) {
          return zones.computeIfAbsent(zone.id(), id -> new ZoneRequest(zone));
        }
      }
      refuse(endpoint, Refusal.Reason.NO_ZONE, "\"" + name + "\" is in no zone served here");
      return null;
    }

    private static @Nullable Desired desired(Endpoint endpoint, Hostname name, RecordType type) {
      try {
        long ttl = endpoint.recordTTL() > 0 ? endpoint.recordTTL() : DEFAULT_TTL;
        RecordSet set = RecordSet.of(name, type, ttl, endpoint.targets());
        return new Desired(set, endpoint.labels().getOrDefault(Endpoint.RESOURCE_LABEL, ""));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    void refuse(Endpoint endpoint, Refusal.Reason reason, String message) {
      refused.add(Refusal.of(endpoint, reason, message));
    }
  }

  /** One zone's part of a request. */
  private static final class ZoneRequest {
    final Zone zone;
    final Set<Hostname> names = new TreeSet<>();
    // Names some record of the request (not only an ownership TXT) is about.
    final Set<Hostname> recordNames = new HashSet<>();
    // Requested state per key: a set to hold, or null to delete.
    final Map<RrsetKey, @Nullable Desired> wanted = new HashMap<>();
    final Map<RrsetKey, Endpoint> sources = new HashMap<>();

    /** The endpoint a requested set came from: every requested key has one. */
    private Endpoint source(RrsetKey key) {
      return Objects.requireNonNull(sources.get(key), () -> "no endpoint asked for " + key);
    }
    final Set<RrsetKey> refusedKeys = new HashSet<>();
    final List<Refusal> refused = new ArrayList<>();

    ZoneRequest(Zone zone) {
      this.zone = zone;
    }

    void touch(Hostname name) {
      names.add(name);
    }

    void touchRecord(Hostname name) {
      names.add(name);
      recordNames.add(name);
    }

    void want(Endpoint endpoint, RrsetKey key, @Nullable Desired desired) {
      touchRecord(key.name());
      @Nullable Desired before = wanted.get(key);
      if (desired != null && before != null && !before.set().equals(desired.set())) {
        refuse(endpoint, key, Refusal.Reason.DUPLICATE, "\"" + key.name() + "\" " + key.type()
            + " is in the request twice with different records: " + before.set().values() + " and " + desired.set().values());
        return;
      }
      if (desired != null || !wanted.containsKey(key)) {
        wanted.put(key, desired);
        sources.put(key, endpoint);
      }
    }

    void refuse(Endpoint endpoint, RrsetKey key, Refusal.Reason reason, String message) {
      touchRecord(key.name());
      refusedKeys.add(key);
      refused.add(Refusal.of(endpoint, reason, message));
    }

    private boolean requested(RrsetKey key) {
      return wanted.containsKey(key) && !refusedKeys.contains(key);
    }

    /**
     * Plans the touched names against the zone as read now, applies, and returns the changes
     * written. The names go in parts of {@code partNames} ({@link Capabilities#namesPerRequest}), in order: while one part's requests
     * are with the provider the next part is planned and checked, so planning hides behind the
     * writes instead of adding to them. Parts are written one at a time and in order; a part that
     * fails stops the parts after it.
     */
    int apply(DnsProvider provider, Ownership ownership, int partNames) {
      Map<Hostname, List<RecordSet>> slice = slice(provider, ownership);
      Map<RrsetKey, RecordSet> current = new HashMap<>();
      slice.values().forEach(sets -> sets.forEach(set -> current.putIfAbsent(set.key(), set)));
      List<Hostname> ordered = List.copyOf(names);
      Set<RrsetKey> deleted = new HashSet<>();
      int applied;
      try (Writer writer = new Writer(provider, zone)) {
        for (int from = 0; from < ordered.size(); from += partNames) {
          List<Hostname> part = ordered.subList(from, Math.min(ordered.size(), from + partNames));
          Set<RecordSet> partSets = new LinkedHashSet<>(); // a set going with two names of one part, once
          part.forEach(name -> partSets.addAll(slice.getOrDefault(name, List.of())));
          List<RecordSet> partCurrent = List.copyOf(partSets);
          Plan plan = plan(part, current, partCurrent, ownership);
          for (Change change : plan.changes()) {
            if (change instanceof Change.Delete) {
              deleted.add(change.key());
            }
          }
          if (!plan.isEmpty()) {
            PlanInvariants.check(plan, partCurrent, ownership);
            writer.write(ChangeBatch.of(plan));
          }
        }
        applied = writer.finish();
      }
      wanted.forEach((key, want) -> {
        if (want == null && requested(key) && current.containsKey(key) && !deleted.contains(key)) {
          refused.add(notOurs(key, current, ownership));
        }
      });
      return applied;
    }

    // One part's plan; its refusals are recorded.
    private Plan plan(List<Hostname> part, Map<RrsetKey, RecordSet> current, List<RecordSet> partCurrent,
        Ownership ownership) {
      List<Desired> desired = new ArrayList<>();
      for (Hostname name : part) {
        for (RecordType type : Desired.MANAGED_TYPES) {
          RrsetKey key = new RrsetKey(name, type);
          @Nullable RecordSet now = current.get(key);
          if (requested(key)) {
            @Nullable Desired want = wanted.get(key);
            if (want != null) {
              desired.add(want);
            }
          } else if (now != null) { // not in the request (or refused): stays as it is
            String resource = ownerRecord(key, current, ownership)
                .filter(o -> o.ownerId().equals(ownership.ownerId())).map(DecodedTxt.Owned::resource).orElse("");
            desired.add(new Desired(now, resource));
          }
        }
      }
      Plan plan = new Planner(ownership).plan(zone.name(), desired, partCurrent);
      for (Conflict conflict : plan.conflicts()) {
        RrsetKey key = new RrsetKey(conflict.name(), conflict.type());
        if (requested(key)) { // conflicts of sets kept as they are concern nobody here
          refused.add(Refusal.of(source(key), Refusal.Reason.of(conflict.reason()), conflict.message()));
        }
      }
      return plan;
    }

    /*
     * The zone's record sets at the touched names and the ownership TXT records speaking for them, by
     * touched name. A TXT set can be both (a registry with a suffix and no prefix names records like
     * names): it goes with both names, so whichever part plans a name sees all that concerns it.
     */
    private Map<Hostname, List<RecordSet>> slice(DnsProvider provider, Ownership ownership) {
      Map<String, Hostname> touched = new HashMap<>();
      names.forEach(name -> touched.put(name.value(), name));
      Map<Hostname, List<RecordSet>> out = new HashMap<>();
      // the zone as listed, and only the sets that concern the request in canonical form: a few names of a large zone
      for (ListedSet listed : provider.listing(zone)) {
        @Nullable Hostname at = touched.get(listed.name());
        @Nullable Hostname spokenFor = listed.type() != RecordType.TXT ? null : ownership.names().toEndpoint(listed.name())
            .map(OwnershipRecordName::endpoint).filter(endpoint -> names.contains(endpoint) && !endpoint.equals(at)).orElse(null);
        if (at == null && spokenFor == null) {
          continue;
        }
        @Nullable RecordSet set = canonical(provider, listed);
        if (set == null) {
          continue;
        }
        if (at != null) {
          out.computeIfAbsent(at, n -> new ArrayList<>()).add(set);
        }
        if (spokenFor != null) {
          out.computeIfAbsent(spokenFor, n -> new ArrayList<>()).add(set);
        }
      }
      return out;
    }

    // As RecordReader#records gives it: null for a name that is no hostname (records leaves those out).
    private @Nullable RecordSet canonical(DnsProvider provider, ListedSet listed) {
      if (!(Hostname.parse(listed.name()) instanceof ParsedHostname.Valid valid)) {
        return null;
      }
      try {
        return RecordSet.of(valid.hostname(), listed.type(), listed.ttl(), listed.values());
      } catch (IllegalArgumentException unreadable) {
        throw new ProviderException.Refused(provider.name(), zone, "read zone", 0,
            "rrset " + listed.name() + " " + listed.type() + " cannot be read: " + unreadable.getMessage());
      }
    }

    private Refusal notOurs(RrsetKey key, Map<RrsetKey, RecordSet> current, Ownership ownership) {
      Optional<DecodedTxt.Owned> owner = ownerRecord(key, current, ownership);
      String head = "hostname \"" + key.name() + "\" " + key.type() + " is not owned by external-dns owner \""
          + ownership.ownerId() + "\"";
      return owner.isPresent()
          ? Refusal.of(source(key), Refusal.Reason.OWNED_BY_OTHER, head + " but by \"" + owner.get().ownerId()
              + "\"; dnsguard deletes only the requesting owner's records")
          : Refusal.of(source(key), Refusal.Reason.UNOWNED, head + " (it has no ownership record); dnsguard does not delete it");
    }
  }

  /**
   * Writes one zone's parts in the order given, one at a time, on a thread of its own, so that the
   * caller plans the next part meanwhile. A part that fails stops the parts after it; closing waits
   * for the part being written.
   */
  private static final class Writer implements AutoCloseable {
    private final DnsProvider provider;
    private final Zone zone;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
        Thread.ofVirtual().name("dnsguard-provider-write").factory());
    private CompletableFuture<Integer> written = CompletableFuture.completedFuture(0);

    Writer(DnsProvider provider, Zone zone) {
      this.provider = provider;
      this.zone = zone;
    }

    void write(ChangeBatch batch) {
      written = written.thenApplyAsync(done -> {
        try {
          provider.apply(zone, batch);
        } catch (ProviderException e) {
          throw done == 0 ? e : e.after("(" + done + " record-set changes of this request had been written before)");
        }
        return done + batch.changeCount();
      }, thread);
    }

    /** The changes written; the provider's exception as it was thrown if a part failed. */
    int finish() {
      try {
        return written.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    }

    @Override
    public void close() {
      thread.close();
    }
  }

  // What the ownership record speaking for key says, whoever it names: the typed (new) format first, then the old.
  private static Optional<DecodedTxt.Owned> ownerRecord(RrsetKey key, Map<RrsetKey, RecordSet> current, Ownership ownership) {
    for (TxtFormat format : List.of(TxtFormat.NEW, TxtFormat.OLD)) {
      if (Hostname.parse(ownership.names().toTxtName(key.name(), key.type(), format)) instanceof ParsedHostname.Valid valid) {
        @Nullable RecordSet txt = current.get(new RrsetKey(valid.hostname(), RecordType.TXT));
        for (String value : txt == null ? List.<String>of() : txt.values()) {
          if (ownership.codec().decode(value) instanceof DecodedTxt.Owned owned) {
            return Optional.of(owned);
          }
        }
      }
    }
    return Optional.empty();
  }
}
