package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.registry.DecodedTxt;
import io.openova.dnsguard.policies.ownership.Owner;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import io.openova.dnsguard.policies.registry.TxtFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Computes the {@link Plan} that brings one zone from what it holds to what is desired, touching
 * only what the external-dns TXT registry says is ours. Stateless and pure: same inputs, same plan;
 * no I/O, no logging, no metrics.
 *
 * <h2>Ownership</h2>
 * A record set of type A, AAAA or CNAME at name N is ours when the ownership TXT for (N, type) in
 * the new format ({@code <prefix><type>-N}) — or, when there is none, the old format ({@code
 * <prefix>N}) — holds only ownership records of our owner id. Both formats are read; new ownership
 * records are written in the configured format. Only ours are ever updated or deleted. Record
 * sets of other types (MX, NS, SOA, LUA, SRV, plain TXT ...), sets owned by another owner id, and
 * sets without any ownership record are never touched.
 *
 * <h2>Refusals</h2>
 * Who holds a name is read from the shared {@link io.openova.dnsguard.policies.ownership.ZoneOwnership}
 * — the model the webhook's evaluator reads too — so a desired set is written exactly when
 * {@link Owner#writable} says so for its type: ours or free; or records without any ownership
 * record when {@link Ownership#adoptUnowned()} (then the set is adopted: updated and covered by our
 * ownership record). Another owner's or an unreadable ownership record, a LUA/ALIAS set, a CNAME
 * that cannot share the name, a foreign TXT where our ownership record must go, or a type-less
 * record that would cover other sets are refused with a {@link Conflict} whatever the policy says.
 * So is an ownership record that cannot be written: not a valid name (a wildcard without TXT
 * wildcard replacement), outside the zone (an apex record with a plain prefix in the new format),
 * or at the CNAME's own name (no prefix, old format). Two sources wanting different sets for one
 * name and type: the one whose set is already ours in the zone wins, else the first by resource
 * name; the other is reported.
 *
 * <h2>Order</h2>
 * Changes come in one {@link ChangeGroup} per endpoint name, groups sorted by name. A name's
 * records and its ownership TXT records always travel in the same group, which providers apply
 * atomically where they can and never split. Within a group the order is safe for providers that
 * apply change by change:
 * <ol>
 *   <li>ownership TXT creates and updates — the claim is written before the records it covers;</li>
 *   <li>record deletes — before creates, so a type switch (A → CNAME) never holds both;</li>
 *   <li>record updates, then record creates;</li>
 *   <li>ownership TXT deletes last — records go before the claim that covers them.</li>
 * </ol>
 * A failure in between leaves at worst a claim without records, which the next sync cleans up;
 * never records without a claim, which no one could clean up.
 */
public final class Planner {

  private static final List<RecordType> TYPES = List.of(RecordType.A, RecordType.AAAA, RecordType.CNAME);

  private final Ownership ownership;

  public Planner(Ownership ownership) {
    this.ownership = Objects.requireNonNull(ownership, "ownership");
  }

  /**
   * Plans {@code zone}. Desired sets outside the zone are ignored, as are current sets outside it.
   *
   * @param desired what the sources want, each with its owning resource
   * @param current every record set the zone holds now, as the provider lists them
   */
  public Plan plan(Hostname zone, Collection<Desired> desired, Collection<RecordSet> current) {
    return plan(zone, desired, current, ownership.decode(zone, current));
  }

  /**
   * Plans {@code zone} with the ownership model already decoded from {@code current} (with this
   * planner's {@link Ownership}) — the same object the evaluator judged the sync's objects on.
   */
  public Plan plan(Hostname zone, Collection<Desired> desired, Collection<RecordSet> current, ZoneOwnership decoded) {
    ZoneView view = new ZoneView(zone, current, decoded);
    List<Conflict> conflicts = new ArrayList<>();
    Map<Hostname, Map<RecordType, Desired>> wanted = chooseDesired(zone, desired, view, conflicts);
    TreeSet<Hostname> names = new TreeSet<>(wanted.keySet());
    names.addAll(view.namesWithOurRecords());
    names.addAll(view.namesWithOurClaims());
    List<ChangeGroup> groups = new ArrayList<>();
    Map<String, String> contents = new HashMap<>();
    for (Hostname name : names) {
      new NamePlan(zone, name, wanted.getOrDefault(name, Map.of()), view, conflicts, contents).group()
          .ifPresent(groups::add);
    }
    return new Plan(zone, groups, conflicts);
  }

  // One desired set per (name, type): identical duplicates merge; differing ones are reported.
  private Map<Hostname, Map<RecordType, Desired>> chooseDesired(
      Hostname zone, Collection<Desired> desired, ZoneView view, List<Conflict> conflicts) {
    Map<RrsetKey, List<Desired>> byKey = new TreeMap<>();
    for (Desired d : desired) {
      if (d.set().name().isWithin(zone)) {
        byKey.computeIfAbsent(d.set().key(), k -> new ArrayList<>()).add(d);
      }
    }
    Map<Hostname, Map<RecordType, Desired>> out = new TreeMap<>();
    byKey.forEach((key, candidates) -> {
      @Nullable RecordSet existing = view.get(key);
      @Nullable RecordSet incumbent = existing != null && view.isOurs(existing) ? existing : null;
      candidates.sort(Comparator.comparing((Desired d) -> !d.set().equals(incumbent))
          .thenComparing(Desired::resource));
      Desired chosen = candidates.getFirst();
      for (Desired other : candidates.subList(1, candidates.size())) {
        if (!other.set().equals(chosen.set())) {
          conflicts.add(new Conflict(key.name(), key.type(), other.resource(), Conflict.Reason.DUPLICATE_DESIRED,
              "hostname \"" + key.name() + "\" " + key.type() + " is also wanted by " + chosen.resource()
                  + " with different records " + chosen.set().values() + "; " + other.resource() + " wants "
                  + other.set().values()));
        }
      }
      out.computeIfAbsent(key.name(), n -> new EnumMap<>(RecordType.class)).put(key.type(), chosen);
    });
    return out;
  }

  /** The plan for one endpoint name: its records and ownership TXT records. */
  private final class NamePlan {
    private final Hostname zone;
    private final Hostname name;
    private final Map<RecordType, Desired> wanted;
    private final ZoneView view;
    private final List<Conflict> conflicts;
    private final Map<RrsetKey, Change> txtWrites = new LinkedHashMap<>();
    private final List<Change> recordDeletes = new ArrayList<>();
    private final List<Change> recordUpdates = new ArrayList<>();
    private final List<Change> recordCreates = new ArrayList<>();
    private final List<Change> txtDeletes = new ArrayList<>();
    private final Set<RecordType> remaining = new TreeSet<>();
    private final Set<RrsetKey> txtKept = new TreeSet<>();
    private final Set<RecordType> claimed = EnumSet.noneOf(RecordType.class); // types whose ownership record is written or kept

    // An object's ownership record content, encoded once per plan and shared by its names' records
    // (plain records only: an encrypted one takes a nonce of its own): one string, not one per name.
    private final Map<String, String> contents;

    NamePlan(Hostname zone, Hostname name, Map<RecordType, Desired> wanted, ZoneView view, List<Conflict> conflicts,
        Map<String, String> contents) {
      this.zone = zone;
      this.name = name;
      this.wanted = wanted;
      this.view = view;
      this.conflicts = conflicts;
      this.contents = contents;
    }

    private String content(String resource) {
      return ownership.codec().encrypts()
          ? unquote(ownership.codec().encode(ownership.ownerId(), resource))
          : contents.computeIfAbsent(resource, r -> unquote(ownership.codec().encode(ownership.ownerId(), r)));
    }

    Optional<ChangeGroup> group() {
      for (RecordType type : TYPES) {
        planType(type);
      }
      releaseClaims();
      List<Change> changes = new ArrayList<>(txtWrites.values());
      changes.addAll(recordDeletes);
      changes.addAll(recordUpdates);
      changes.addAll(recordCreates);
      changes.addAll(txtDeletes);
      return changes.isEmpty() ? Optional.empty() : Optional.of(new ChangeGroup(name, changes));
    }

    private void planType(RecordType type) {
      @Nullable Desired desired = wanted.get(type);
      @Nullable RecordSet current = view.get(new RrsetKey(name, type));
      boolean currentOurs = current != null && view.isOurs(current);
      if (desired == null) {
        if (current != null && currentOurs) {
          recordDeletes.add(new Change.Delete(current));
        }
        return;
      }
      if (currentOurs) {
        remaining.add(type); // stays ours whether or not the write below goes ahead
      }
      @Nullable Conflict refused = refusal(type, desired);
      if (refused == null) {
        refused = claim(type, desired);
      }
      if (refused != null) {
        conflicts.add(refused);
        return;
      }
      remaining.add(type);
      if (current == null) {
        recordCreates.add(new Change.Create(desired.set()));
      } else if (!current.equals(desired.set())) {
        recordUpdates.add(new Change.Update(current, desired.set()));
      }
    }

    // Why the desired set must not be written, judged on the zone as read by the shared ownership model.
    private @Nullable Conflict refusal(RecordType type, Desired desired) {
      if (type == RecordType.CNAME && name.equals(zone)) {
        return conflict(type, desired, Conflict.Reason.OCCUPIED,
            "hostname \"" + name + "\" is a zone apex: a CNAME is not allowed there");
      }
      Owner owner = view.owner(name, type);
      if (owner.writable(ownership.adoptUnowned())) {
        return null;
      }
      Conflict.Reason reason = switch (owner) {
        case Owner.Other other -> Conflict.Reason.OWNED_BY_OTHER;
        case Owner.Unreadable unreadable -> Conflict.Reason.OWNER_UNREADABLE;
        case Owner.Unowned unowned -> Conflict.Reason.UNOWNED;
        case Owner.Occupied occupied -> Conflict.Reason.OCCUPIED;
        case Owner.Ours ours -> throw new IllegalStateException("ours is writable");
        case Owner.Free free -> throw new IllegalStateException("free is writable");
      };
      return conflict(type, desired, reason, owner.refusal(name));
    }

    // Plans the ownership record that makes (name, type) ours; a conflict if it cannot be written.
    private @Nullable Conflict claim(RecordType type, Desired desired) {
      String txtText = ownership.names().toTxtName(name, type, ownership.writeFormat());
      Hostname txtName;
      switch (Hostname.parse(txtText)) {
        case ParsedHostname.Valid valid -> txtName = valid.hostname();
        case ParsedHostname.Invalid invalid -> {
          return conflict(type, desired, Conflict.Reason.REGISTRY_UNSUPPORTED, "hostname \"" + name
              + "\" needs ownership record \"" + txtText + "\", which is not a valid DNS name"
              + (name.isWildcard() ? " (set a TXT wildcard replacement)" : ""));
        }
      }
      if (!txtName.isWithin(zone)) {
        return conflict(type, desired, Conflict.Reason.REGISTRY_UNSUPPORTED, "hostname \"" + name
            + "\" needs ownership record \"" + txtName + "\", which lies outside zone " + zone
            + " (a TXT prefix with %{record_type}, e.g. \"_externaldns-%{record_type}.\", keeps it inside)");
      }
      if (txtName.equals(name) && type == RecordType.CNAME) {
        return conflict(type, desired, Conflict.Reason.REGISTRY_UNSUPPORTED, "hostname \"" + name
            + "\" is a CNAME and cannot share its name with its ownership record (set a TXT prefix or suffix)");
      }
      RrsetKey key = new RrsetKey(txtName, RecordType.TXT);
      if (txtWrites.containsKey(key) || txtKept.contains(key)) {
        claimed.add(type);
        return null; // the old format shares one record between types: written once per name
      }
      String content = content(desired.resource());
      RecordSet wantedTxt = RecordSet.of(txtName, RecordType.TXT, desired.set().ttl(), List.of(content));
      @Nullable RecordSet existing = view.get(key);
      if (existing == null) {
        txtWrites.put(key, new Change.Create(wantedTxt));
      } else if (ourOwnershipRecord(existing)) {
        if (!saysResource(existing, desired.resource()) || existing.ttl() != wantedTxt.ttl()) {
          txtWrites.put(key, new Change.Update(existing, wantedTxt));
        } else {
          txtKept.add(key);
        }
      } else {
        return conflict(type, desired, Conflict.Reason.OCCUPIED, "hostname \"" + name + "\" needs ownership record "
            + txtName + ", but a TXT record set that is not ours is there");
      }
      claimed.add(type);
      return null;
    }

    /*
     * Our claims whose records are gone: typed ones per type; the old format when nothing of ours
     * is left — or when it sits at the name of a CNAME of ours (no prefix) and typed claims cover
     * everything that remains, since a CNAME cannot share its name.
     */
    private boolean typedCoverAll(Map<Optional<RecordType>, RecordSet> ours) {
      for (RecordType t : remaining) { // a loop: asked for every name, and C1 allocates a stream's stages
        if (!ours.containsKey(Optional.of(t)) && !writtenTypedClaim(t)) {
          return false;
        }
      }
      return true;
    }

    private void releaseClaims() {
      Map<Optional<RecordType>, RecordSet> ours = view.ourClaims(name);
      boolean typedCoverAll = typedCoverAll(ours);
      ours.forEach((type, claim) -> {
        RrsetKey key = claim.key();
        boolean blocksCname = claim.name().equals(name) && remaining.contains(RecordType.CNAME) && typedCoverAll;
        boolean needed = type.map(remaining::contains).orElse(!remaining.isEmpty() && !blocksCname);
        if (!needed && !txtWrites.containsKey(key) && !txtKept.contains(key)) {
          txtDeletes.add(new Change.Delete(claim));
        }
      });
      txtDeletes.sort(Comparator.comparing(Change::key));
    }

    // In the new format each type has an ownership record of its own, written or kept by claim(type).
    private boolean writtenTypedClaim(RecordType type) {
      return ownership.writeFormat() == TxtFormat.NEW && claimed.contains(type);
    }

    private boolean ourOwnershipRecord(RecordSet txt) {
      return txt.values().stream().allMatch(v -> ownership.codec().decode(v) instanceof DecodedTxt.Owned owned
          && owned.ownerId().equals(ownership.ownerId()));
    }

    private boolean saysResource(RecordSet txt, String resource) {
      return txt.values().size() == 1
          && ownership.codec().decode(txt.values().getFirst()) instanceof DecodedTxt.Owned owned
          && owned.resource().equals(resource);
    }

    private Conflict conflict(RecordType type, Desired desired, Conflict.Reason reason, String message) {
      return new Conflict(name, type, desired.resource(), reason, message);
    }
  }

  /** The TXT value as {@link RecordSet} holds it: the codec's quoted form without the quotes. */
  static String unquote(String quoted) {
    return quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\"")
        ? quoted.substring(1, quoted.length() - 1)
        : quoted;
  }
}
