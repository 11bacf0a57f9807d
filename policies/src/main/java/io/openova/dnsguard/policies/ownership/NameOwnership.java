package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything DNS says about one endpoint name, decoded once by {@link ZoneOwnership}: the webhook's
 * evaluator and the reconciler's planner both ask {@link #owner(RecordType)} (or {@link #owner()}
 * when the record types are not known yet), so the two halves cannot judge a name differently.
 *
 * @param types the types of the record sets at the name other than ownership records
 * @param records the ownership records that speak for the name (either format, any type)
 * @param zoneApex whether the name is a zone apex
 * @param speaksFor if an ownership record lives at this very name, the endpoint it speaks for
 * @param registryBlocked managed types whose ownership record (in the written format) would have to
 *     go where a TXT record that is not an ownership record already is
 * @param typelessWrite whether dnsguard writes type-less (old format) ownership records, which
 *     would cover every type at the name at once
 */
public record NameOwnership(
    Hostname name,
    Set<RecordType> types,
    List<OwnershipRecord> records,
    boolean zoneApex,
    Optional<Hostname> speaksFor,
    Set<RecordType> registryBlocked,
    boolean typelessWrite) {

  /** The record types dnsguard writes; others at a name are never its own. */
  public static final Set<RecordType> MANAGED_TYPES = Set.copyOf(EnumSet.of(RecordType.A, RecordType.AAAA, RecordType.CNAME));
  private static final Set<RecordType> OTHER_CONTROLLERS = Set.of(RecordType.LUA, RecordType.ALIAS);

  public NameOwnership {
    Objects.requireNonNull(name, "name");
    types = Set.copyOf(types);
    records = List.copyOf(records);
    Objects.requireNonNull(speaksFor, "speaksFor");
    registryBlocked = Set.copyOf(registryBlocked);
  }

  /** Nothing at all: no records, no ownership records. */
  public static NameOwnership empty(Hostname name) {
    return new NameOwnership(name, Set.of(), List.of(), false, Optional.empty(), Set.of(), false);
  }

  /**
   * Who holds {@code type} at this name. In order: another owner's or an unreadable ownership
   * record for the name (any type: a name someone else holds part of is theirs); then what stands
   * there without ownership record of ours and can never be adopted — LUA/ALIAS, an exclusive
   * CNAME, a foreign TXT where our ownership record would go, or other sets a type-less ownership
   * record would cover — is {@link Owner.Occupied}; then ours (the typed record for the type, else
   * the type-less one, as external-dns looks it up); a set of the type itself, or any set at a name
   * where we hold nothing, is {@link Owner.Unowned}.
   */
  public Owner owner(RecordType type) {
    Optional<Owner> foreign = foreign();
    if (foreign.isPresent()) {
      return foreign.get();
    }
    Set<RecordType> notOurs = notOurs();
    for (RecordType other : notOurs) {
      if (OTHER_CONTROLLERS.contains(other)) {
        return new Owner.Occupied(other, "has a " + other + " record set written by another controller");
      }
    }
    if (type == RecordType.CNAME) {
      for (RecordType other : notOurs) {
        if (other != RecordType.CNAME) {
          return new Owner.Occupied(other, "has a " + other + " record set that is not ours, which a CNAME cannot join");
        }
      }
    } else if (notOurs.contains(RecordType.CNAME)) {
      return new Owner.Occupied(RecordType.CNAME, "is a CNAME that is not ours; " + type + " records cannot join it");
    }
    if (registryBlocked.contains(type)) {
      return new Owner.Occupied(RecordType.TXT,
          "has a TXT record that is not an ownership record where dnsguard's ownership record would go");
    }
    if (typelessWrite) {
      for (RecordType other : notOurs) {
        if (other != type && MANAGED_TYPES.contains(other)) {
          return new Owner.Occupied(other, "has a " + other + " record set that is not ours, which a type-less"
              + " ownership record would cover too");
        }
      }
    }
    if (ours(type)) {
      return new Owner.Ours();
    }
    if (notOurs.contains(type) || (!notOurs.isEmpty() && !anyOurs())) {
      return new Owner.Unowned(notOurs);
    }
    return new Owner.Free();
  }

  /** Who holds the name when the record types are not known yet (a route before its Gateway has addresses). */
  public Owner owner() {
    Optional<Owner> foreign = foreign();
    if (foreign.isPresent()) {
      return foreign.get();
    }
    if (anyOurs()) {
      return new Owner.Ours();
    }
    for (RecordType other : types) {
      if (OTHER_CONTROLLERS.contains(other)) {
        return new Owner.Occupied(other, "has a " + other + " record set written by another controller");
      }
    }
    return types.isEmpty() ? new Owner.Free() : new Owner.Unowned(types);
  }

  /** True if the ownership record deciding {@code type} is ours: the typed one, else the type-less one. */
  public boolean ours(RecordType type) {
    // Loops, not streams: the reconciler asks this for every name it decides, on C1 alone, which
    // allocates every stream stage and lambda it does not inline.
    for (OwnershipRecord record : records) {
      if (record.recordType().isPresent() && record.recordType().get() == type) {
        return record.owner() instanceof Owner.Ours;
      }
    }
    for (OwnershipRecord record : records) {
      if (record.recordType().isEmpty() && record.owner() instanceof Owner.Ours) {
        return true;
      }
    }
    return false;
  }

  private boolean anyOurs() {
    for (OwnershipRecord record : records) {
      if (record.owner() instanceof Owner.Ours) {
        return true;
      }
    }
    return false;
  }

  private Set<RecordType> notOurs() {
    Set<RecordType> out = EnumSet.noneOf(RecordType.class);
    for (RecordType type : types) {
      if (!MANAGED_TYPES.contains(type) || !ours(type)) {
        out.add(type);
      }
    }
    return out;
  }

  private Optional<Owner> foreign() {
    for (OwnershipRecord record : records) {
      if (record.owner() instanceof Owner.Other) {
        return Optional.of(record.owner());
      }
    }
    for (OwnershipRecord record : records) {
      if (record.owner() instanceof Owner.Unreadable) {
        return Optional.of(record.owner());
      }
    }
    return Optional.empty();
  }
}
