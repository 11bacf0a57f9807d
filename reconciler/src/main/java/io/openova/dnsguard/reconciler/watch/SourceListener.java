package io.openova.dnsguard.reconciler.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;

/** Told about every change of a watched object; called on the informers' threads, one at a time per kind. */
public interface SourceListener {
  /** Added, or changed (the object as it is now). */
  void upserted(HasMetadata object);

  void deleted(HasMetadata object);

  /** Namespaces matter for label selectors in the policy. */
  void namespaceUpserted(Namespace namespace);

  void namespaceDeleted(Namespace namespace);
}
