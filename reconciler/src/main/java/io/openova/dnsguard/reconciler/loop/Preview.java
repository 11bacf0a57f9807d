package io.openova.dnsguard.reconciler.loop;

import java.util.List;
import java.util.Objects;

/** What a sync would do, computed and not applied: {@code dnsguard plan}. */
public record Preview(Decisions decisions, List<ZonePlan> plans) {
  public Preview {
    Objects.requireNonNull(decisions, "decisions");
    plans = List.copyOf(plans);
  }
}
