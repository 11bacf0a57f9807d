package io.openova.dnsguard.reconciler.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.reconciler.watch.SourceListener;
import java.util.Map;
import java.util.Optional;

/** Keeps the cluster claim index equal to what the informers see. */
public final class ClaimIndexFeeder implements SourceListener {
  private final ClaimIndex index;

  public ClaimIndexFeeder(ClaimIndex index) {
    this.index = index;
  }

  @Override
  public void upserted(HasMetadata object) {
    // An object that lost all its names is put with none: that removes its old claims.
    extraction(object).ifPresent(index::put);
  }

  @Override
  public void deleted(HasMetadata object) {
    extraction(object).ifPresent(e -> index.remove(e.object()));
  }

  @Override
  public void namespaceUpserted(Namespace namespace) {
    Map<String, String> labels = namespace.getMetadata().getLabels();
    index.putNamespace(namespace.getMetadata().getName(), labels == null ? Map.of() : labels);
  }

  @Override
  public void namespaceDeleted(Namespace namespace) {
    index.removeNamespace(namespace.getMetadata().getName());
  }

  private static Optional<Extraction> extraction(HasMetadata object) {
    try {
      return ClaimExtractor.extract(object);
    } catch (IllegalArgumentException unreadable) {
      return Optional.empty(); // an object the API server stored but we cannot read claims nothing
    }
  }
}
