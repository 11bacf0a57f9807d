package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The identity of a record set in a zone: its name and type. */
public record RrsetKey(Hostname name, RecordType type) implements Comparable<RrsetKey> {

  public RrsetKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  // Written out (and compareTo without a comparator chain): a record's generated equals and hashCode
  // go through method handles that C1, the reconciler's only compiler, does not inline, and every
  // planned name is a few look-ups by key in hash and tree maps.
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RrsetKey other && type == other.type && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + type.hashCode();
  }

  /** By name, then type. */
  @Override
  public int compareTo(RrsetKey other) {
    int byName = name.compareTo(other.name);
    return byName != 0 ? byName : type.compareTo(other.type);
  }

  @Override
  public String toString() {
    return name + " " + type;
  }
}
