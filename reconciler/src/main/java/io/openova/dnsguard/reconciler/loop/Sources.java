package io.openova.dnsguard.reconciler.loop;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.reconciler.source.EndpointSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The cluster side of a sync.
 *
 * @param objects every cached object of the kinds that claim names (a snapshot per call)
 * @param claims the cluster's claim index, for first-claim-wins
 * @param endpoints turns an allowed object into desired record sets
 */
public record Sources(Supplier<List<HasMetadata>> objects, ClusterView claims, EndpointSource endpoints) {
  public Sources {
    Objects.requireNonNull(objects, "objects");
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(endpoints, "endpoints");
  }
}
