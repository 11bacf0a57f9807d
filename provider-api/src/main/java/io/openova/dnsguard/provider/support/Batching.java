package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.provider.ChangeBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Cuts a list of change groups into batches within a provider's limits, in order, never splitting
 * a group. A group larger than the limits on its own travels alone (splitting it would break its
 * atomicity; the provider may still accept it, and says so if not).
 */
public final class Batching {

  private Batching() {}

  /**
   * @param bytes the request bytes a group adds (provider-specific encoding)
   */
  public static List<ChangeBatch> split(List<ChangeGroup> groups, int maxChanges, long maxBytes,
      ToLongFunction<ChangeGroup> bytes) {
    if (maxChanges < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("limits must be positive: " + maxChanges + " changes, " + maxBytes + " bytes");
    }
    List<ChangeBatch> batches = new ArrayList<>();
    List<ChangeGroup> current = new ArrayList<>();
    int changes = 0;
    long size = 0;
    for (ChangeGroup group : groups) {
      long groupBytes = bytes.applyAsLong(group);
      boolean full = changes + group.size() > maxChanges || size + groupBytes > maxBytes;
      if (full && !current.isEmpty()) {
        batches.add(new ChangeBatch(current));
        current = new ArrayList<>();
        changes = 0;
        size = 0;
      }
      current.add(group);
      changes += group.size();
      size += groupBytes;
    }
    if (!current.isEmpty()) {
      batches.add(new ChangeBatch(current));
    }
    return batches;
  }
}
