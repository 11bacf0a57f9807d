package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The changes for one endpoint name, records and ownership TXT together, in the order they must
 * be applied (see {@link Planner}). A group is the unit of atomicity: providers never split it.
 *
 * @param name the endpoint name (the ownership TXT records of the group live at other names)
 */
public record ChangeGroup(Hostname name, List<Change> changes) {

  public ChangeGroup {
    Objects.requireNonNull(name, "name");
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("a change group for " + name + " must not be empty");
    }
    Set<RrsetKey> seen = new HashSet<>();
    for (Change change : changes) {
      if (!seen.add(change.key())) {
        throw new IllegalArgumentException("a change group changes " + change.key() + " twice");
      }
    }
  }

  public int size() {
    return changes.size();
  }
}
