package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Comparator;
import java.util.Objects;

/** The identity of a record set in a zone: its name and type. */
public record RrsetKey(Hostname name, RecordType type) implements Comparable<RrsetKey> {

  private static final Comparator<RrsetKey> ORDER =
      Comparator.comparing(RrsetKey::name).thenComparing(RrsetKey::type);

  public RrsetKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
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
