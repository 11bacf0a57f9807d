package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.registry.DecodedTxt;
import io.openova.dnsguard.policies.registry.OwnershipRecordName;
import io.openova.dnsguard.policies.registry.TxtFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The safety rules every plan must keep, checked independently of how {@link Planner} works (it
 * looks ownership records up by name instead of decoding the zone's TXT names). Run after every
 * planner test, and by the reconciler before it applies a plan (defence in depth).
 *
 * <ol>
 *   <li>only A, AAAA, CNAME and ownership TXT sets inside the zone are changed, each at most once
 *       per plan;</li>
 *   <li>no create of a set that exists; updates and deletes name the set exactly as it is;</li>
 *   <li>updates and deletes touch only sets whose ownership record says our owner id — except, with
 *       {@code adoptUnowned}, an update adopting a set at a name where no TXT record but ours
 *       stands at any of its ownership record names;</li>
 *   <li>no record is created where a CNAME, LUA or ALIAS not ours exists, nor a CNAME beside
 *       anything not ours;</li>
 *   <li>after each group, every record it created or updated is covered by an ownership record of
 *       ours — written in the same group if it was not already there — and every type whose
 *       records it deleted lost its typed ownership record in the same group;</li>
 *   <li>no group adopts a record set that was not ours by writing an ownership record over it
 *       (same exception);</li>
 *   <li>a group changes only its own name's records and ownership records, and orders them: TXT
 *       writes, record changes, TXT deletes.</li>
 * </ol>
 */
public final class PlanInvariants {

  private static final List<TxtFormat> FORMATS = List.of(TxtFormat.NEW, TxtFormat.OLD);

  private PlanInvariants() {}

  /** Throws {@link IllegalStateException} listing every broken rule. */
  public static void check(Plan plan, Collection<RecordSet> current, Ownership ownership) {
    List<String> broken = violations(plan, current, ownership);
    if (!broken.isEmpty()) {
      throw new IllegalStateException("plan for " + plan.zone() + " breaks " + broken.size()
          + " invariant(s):\n  " + String.join("\n  ", broken) + "\n" + plan.describe());
    }
  }

  /** Every broken rule, one sentence each; empty when the plan is safe. */
  public static List<String> violations(Plan plan, Collection<RecordSet> current, Ownership ownership) {
    return new Checker(plan, current, ownership).run();
  }

  private static final class Checker {
    private final Plan plan;
    private final Ownership ownership;
    private final Map<RrsetKey, RecordSet> zone = new HashMap<>();
    private final Map<Hostname, List<RecordSet>> byName = new HashMap<>();
    private final List<String> broken = new ArrayList<>();
    // A part's ownership records repeat one content per object (and two formats per name): decoded once.
    private final Map<String, DecodedTxt> decoded = new HashMap<>();

    Checker(Plan plan, Collection<RecordSet> current, Ownership ownership) {
      this.plan = plan;
      this.ownership = ownership;
      for (RecordSet set : current) {
        if (!set.name().isWithin(plan.zone())) {
          continue; // another zone's, as the planner sees it
        }
        zone.putIfAbsent(set.key(), set);
        byName.computeIfAbsent(set.name(), n -> new ArrayList<>()).add(set);
      }
    }

    List<String> run() {
      Set<RrsetKey> changed = new HashSet<>();
      for (ChangeGroup group : plan.groups()) {
        for (Change change : group.changes()) {
          if (!changed.add(change.key())) {
            broken.add(change.key() + " is changed more than once");
          }
          checkChange(group, change);
        }
        checkOrder(group);
        checkCoverage(group);
      }
      return broken;
    }

    private void checkChange(ChangeGroup group, Change change) {
      RrsetKey key = change.key();
      if (!key.name().isWithin(plan.zone())) {
        broken.add(change + ": lies outside zone " + plan.zone());
      }
      if (!Desired.MANAGED_TYPES.contains(key.type()) && key.type() != RecordType.TXT) {
        broken.add(change + ": dnsguard never changes " + key.type() + " records");
        return;
      }
      @Nullable RecordSet existing = zone.get(key);
      switch (change) {
        case Change.Create create -> {
          if (existing != null) {
            broken.add(change + ": creates a set that exists (" + existing + ")");
          }
          if (key.type() == RecordType.TXT && !ourOwnershipContent(create.set())) {
            broken.add(change + ": creates a TXT set that is not an ownership record of ours");
          }
          if (key.type() != RecordType.TXT) {
            checkNoBlocker(create, group);
          }
        }
        case Change.Update update -> checkOurs(change, update.before(), existing, adoptable(key.name()));
        case Change.Delete delete -> checkOurs(change, delete.set(), existing, false);
      }
      Hostname endpoint = key.type() == RecordType.TXT ? ownershipEndpoint(key.name()) : key.name();
      if (!group.name().equals(endpoint)) {
        broken.add(change + ": belongs to " + endpoint + " but sits in the group of " + group.name());
      }
    }

    private void checkOurs(Change change, RecordSet before, @Nullable RecordSet existing, boolean adopting) {
      if (!before.equals(existing)) {
        broken.add(change + ": the zone holds " + (existing == null ? "nothing" : existing.toString()) + " there");
        return;
      }
      boolean ours = before.type() == RecordType.TXT ? ourOwnershipContent(before) && isOwnershipName(before.name())
          : ownedByUs(before.name(), before.type(), zone::get);
      if (!ours && !(adopting && Desired.MANAGED_TYPES.contains(before.type()))) {
        broken.add(change + ": touches a set that is not ours");
      }
    }

    private void checkNoBlocker(Change.Create create, ChangeGroup group) {
      for (RecordSet other : byName.getOrDefault(create.name(), List.of())) {
        if (group.changes().contains(new Change.Delete(other))) {
          continue; // makes way in the same group
        }
        boolean exclusive = other.type() == RecordType.CNAME || other.type() == RecordType.LUA
            || other.type() == RecordType.ALIAS || create.type() == RecordType.CNAME;
        boolean ours = Desired.MANAGED_TYPES.contains(other.type()) && ownedByUs(other.name(), other.type(), zone::get);
        if (exclusive && !ours) {
          broken.add(create + ": " + other.type() + " set not ours exists at " + create.name());
        }
      }
    }

    private void checkOrder(ChangeGroup group) {
      int phase = 0; // 0: TXT writes, 1: record changes, 2: TXT deletes
      for (Change change : group.changes()) {
        boolean txt = change.type() == RecordType.TXT;
        int p = !txt ? 1 : change instanceof Change.Delete ? 2 : 0;
        if (p < phase) {
          broken.add(change + ": out of order in the group of " + group.name());
        }
        phase = Math.max(phase, p);
      }
    }

    // Applies the group over the zone (the group's changes laid on it, not a copy of it: a plan of
    // many groups over a large zone would copy the zone once per group) and looks at what it leaves.
    private void checkCoverage(ChangeGroup group) {
      Map<RrsetKey, @Nullable RecordSet> changed = new HashMap<>();
      for (Change change : group.changes()) {
        switch (change) {
          case Change.Create create -> changed.put(create.key(), create.set());
          case Change.Update update -> changed.put(update.key(), update.after());
          case Change.Delete delete -> changed.put(delete.key(), null);
        }
      }
      Function<RrsetKey, @Nullable RecordSet> after = key -> changed.containsKey(key) ? changed.get(key) : zone.get(key);
      for (RecordSet before : byName.getOrDefault(group.name(), List.of())) {
        if (Desired.MANAGED_TYPES.contains(before.type()) && !ownedByUs(before.name(), before.type(), zone::get)
            && before.equals(after.apply(before.key())) && ownedByUs(before.name(), before.type(), after)
            && !adoptable(group.name())) {
          broken.add(before + ": not ours, but the group of " + group.name() + " adopts it");
        }
      }
      for (Change change : group.changes()) {
        if (change.type() == RecordType.TXT) {
          continue;
        }
        switch (change) {
          case Change.Create c -> requireCovered(change, after);
          case Change.Update u -> requireCovered(change, after);
          case Change.Delete d -> {
            @Nullable RrsetKey typed = txtKey(d.name(), d.type(), TxtFormat.NEW);
            @Nullable RecordSet left = typed == null ? null : after.apply(typed);
            if (typed != null && left != null && ourOwnershipContent(left)) {
              broken.add(change + ": its ownership record " + typed.name() + " stays behind");
            }
          }
        }
      }
    }

    private void requireCovered(Change change, Function<RrsetKey, @Nullable RecordSet> after) {
      if (!ownedByUs(change.name(), change.type(), after)) {
        broken.add(change + ": no ownership record of ours covers it after its group");
      }
    }

    // external-dns's look-up: the typed record, else the old type-less one.
    private boolean ownedByUs(Hostname name, RecordType type, Function<RrsetKey, @Nullable RecordSet> sets) {
      for (TxtFormat format : FORMATS) {
        RrsetKey key = txtKey(name, type, format);
        @Nullable RecordSet txt = key == null ? null : sets.apply(key);
        if (txt != null && !allForeign(txt)) {
          return ourOwnershipContent(txt);
        }
      }
      return false;
    }

    // adoptUnowned, and no ownership record at the name but ours: no TXT at its ownership names —
    // with a prefix or suffix none at all, without one none that external-dns would read as ownership.
    private boolean adoptable(Hostname name) {
      if (!ownership.adoptUnowned()) {
        return false;
      }
      for (RecordType type : Desired.MANAGED_TYPES) {
        for (TxtFormat format : FORMATS) {
          RrsetKey key = txtKey(name, type, format);
          RecordSet txt = key == null ? null : zone.get(key);
          boolean ignoredByExternalDns = !ownership.names().hasAffix() && txt != null && allForeign(txt);
          if (txt != null && !ourOwnershipContent(txt) && !ignoredByExternalDns) {
            return false;
          }
        }
      }
      return true;
    }

    private @Nullable RrsetKey txtKey(Hostname name, RecordType type, TxtFormat format) {
      return Hostname.parse(ownership.names().toTxtName(name, type, format)) instanceof ParsedHostname.Valid valid
          ? new RrsetKey(valid.hostname(), RecordType.TXT)
          : null;
    }

    // Loops, not streams: the reconciler checks every plan on C1 alone, which inlines no lambdas.
    private boolean ourOwnershipContent(RecordSet txt) {
      for (String value : txt.values()) {
        if (!(decode(value) instanceof DecodedTxt.Owned owned && owned.ownerId().equals(ownership.ownerId()))) {
          return false;
        }
      }
      return true;
    }

    private boolean allForeign(RecordSet txt) {
      for (String value : txt.values()) {
        if (!(decode(value) instanceof DecodedTxt.Foreign)) {
          return false;
        }
      }
      return true;
    }

    private DecodedTxt decode(String value) {
      return decoded.computeIfAbsent(value, ownership.codec()::decode);
    }

    private boolean isOwnershipName(Hostname name) {
      return ownership.names().toEndpoint(name.value()).isPresent();
    }

    private Hostname ownershipEndpoint(Hostname txtName) {
      Optional<OwnershipRecordName> endpoint = ownership.names().toEndpoint(txtName.value());
      return endpoint.map(OwnershipRecordName::endpoint).orElse(txtName);
    }
  }
}
