package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Objects;

/**
 * One change to one record set. Adding a kind of change is a deliberate act the compiler flags at
 * every {@code switch} over it.
 */
public sealed interface Change {

  /** The set this change writes or removes (for an update, the new one). */
  RecordSet target();

  default RrsetKey key() {
    return target().key();
  }

  default Hostname name() {
    return target().name();
  }

  default RecordType type() {
    return target().type();
  }

  /** Creates a set that does not exist. */
  record Create(RecordSet set) implements Change {
    public Create {
      Objects.requireNonNull(set, "set");
    }

    @Override
    public RecordSet target() {
      return set;
    }

    @Override
    public String toString() {
      return "CREATE " + set;
    }
  }

  /** Replaces {@code before} (as read from the zone) with {@code after}: same name and type. */
  record Update(RecordSet before, RecordSet after) implements Change {
    public Update {
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
      if (!before.key().equals(after.key())) {
        throw new IllegalArgumentException("an update keeps name and type: " + before.key() + " → " + after.key());
      }
      if (before.equals(after)) {
        throw new IllegalArgumentException("an update must change something: " + before);
      }
    }

    @Override
    public RecordSet target() {
      return after;
    }

    @Override
    public String toString() {
      return "UPDATE " + before + " → " + after.ttl() + " " + after.values()
          + (after.properties().isEmpty() ? "" : " " + after.properties());
    }
  }

  /** Deletes {@code set} (as read from the zone). */
  record Delete(RecordSet set) implements Change {
    public Delete {
      Objects.requireNonNull(set, "set");
    }

    @Override
    public RecordSet target() {
      return set;
    }

    @Override
    public String toString() {
      return "DELETE " + set;
    }
  }
}
