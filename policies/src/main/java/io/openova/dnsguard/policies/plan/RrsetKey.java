package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The identity of a record set in a zone: its name and type. */
public record RrsetKey(Hostname name, RecordType type) implements Comparable<RrsetKey> {

  private static final Comparator<RrsetKey> ORDER =
      Comparator.comparing(RrsetKey::name).thenComparing(RrsetKey::type);

  public RrsetKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  // Written out: a record's generated equals and hashCode go through method handles that C1, the
  // reconciler's only compiler, does not inline, and every planned name is a few map look-ups by key.
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RrsetKey other && type == other.type && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + type.hashCode();
  }

  @Override
  public int compareTo(RrsetKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return name + " " + type;
  }
}
