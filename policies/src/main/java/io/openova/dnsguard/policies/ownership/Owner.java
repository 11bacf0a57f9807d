package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who holds a name (or one record type at it), as the webhook, the reconciler, {@code plan} and
 * {@code check} all read it from one {@link ZoneOwnership}. Only {@link Unowned} — records, but no
 * ownership record at all — may ever be adopted, and only when the policy says so.
 */
public sealed interface Owner {

  /** Our owner id's ownership record covers it. */
  record Ours() implements Owner {}

  /** Nothing is there. */
  record Free() implements Owner {}

  /** A readable ownership record of another external-dns owner id. */
  record Other(String ownerId, String txtName) implements Owner {
    public Other {
      Objects.requireNonNull(ownerId, "ownerId");
      Objects.requireNonNull(txtName, "txtName");
    }
  }

  /**
   * An ownership record dnsguard cannot read: encrypted without a matching key, heritage
   * {@code external-dns} without an owner, mixed with other content, or an unknown format at an
   * ownership record name. It belongs to someone, so it is foreign whatever {@code adoptUnowned} says.
   */
  record Unreadable(String txtName, String reason) implements Owner {
    public Unreadable {
      Objects.requireNonNull(txtName, "txtName");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Records without any ownership record (made by hand): adoptable when the policy says so. */
  record Unowned(Set<RecordType> types) implements Owner {
    public Unowned {
      types = Set.copyOf(types);
    }
  }

  /**
   * Held by something that is not an external-dns owner and cannot be adopted: a LUA or ALIAS
   * record (another controller), a CNAME beside other types, or a TXT record that is not an
   * ownership record where dnsguard's own ownership record would have to go.
   */
  record Occupied(RecordType type, String why) implements Owner {
    public Occupied {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(why, "why");
    }
  }

  /** True only for what may be written: ours, free, or unowned when {@code adoptUnowned}. */
  default boolean writable(boolean adoptUnowned) {
    return switch (this) {
      case Ours ours -> true;
      case Free free -> true;
      case Unowned unowned -> adoptUnowned;
      case Other other -> false;
      case Unreadable unreadable -> false;
      case Occupied occupied -> false;
    };
  }

  /** The refusal sentence for {@code name}, shared by the webhook's denial and the planner's conflict. */
  default String refusal(Hostname name) {
    String host = "hostname \"" + name + "\"";
    return switch (this) {
      case Ours ours -> host + " is ours";
      case Free free -> host + " is free";
      case Other other -> host + " is owned by external-dns owner \"" + other.ownerId() + "\" (TXT " + other.txtName() + ")";
      case Unreadable unreadable -> host + " has an external-dns ownership record dnsguard cannot read ("
          + unreadable.reason() + ": TXT " + unreadable.txtName() + ")";
      case Unowned unowned -> host + " already has DNS records (" + typeList(unowned.types())
          + ") without an external-dns ownership record; dnsguard does not adopt them unless the policy sets adoptUnowned";
      case Occupied occupied -> host + " " + occupied.why() + "; dnsguard never adopts it";
    };
  }

  private static String typeList(Set<RecordType> types) {
    return types.stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new)).stream()
        .collect(Collectors.joining(", "));
  }
}
