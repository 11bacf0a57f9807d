package io.openova.dnsguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import java.util.List;

/**
 * Told about every change of a watched object; called on the informers' threads, one at a time per
 * kind. Gateways (when watched) come through {@link #upserted}/{@link #deleted} like source objects.
 */
public interface SourceListener {
  /** Added, or changed (the object as it is now). */
  void upserted(HasMetadata object);

  void deleted(HasMetadata object);

  /** Namespaces matter for label selectors in the policy. */
  void namespaceUpserted(Namespace namespace);

  void namespaceDeleted(Namespace namespace);

  /** Tells each listener in turn. */
  static SourceListener all(List<SourceListener> listeners) {
    List<SourceListener> copy = List.copyOf(listeners);
    return new SourceListener() {
      @Override
      public void upserted(HasMetadata object) {
        copy.forEach(l -> l.upserted(object));
      }

      @Override
      public void deleted(HasMetadata object) {
        copy.forEach(l -> l.deleted(object));
      }

      @Override
      public void namespaceUpserted(Namespace namespace) {
        copy.forEach(l -> l.namespaceUpserted(namespace));
      }

      @Override
      public void namespaceDeleted(Namespace namespace) {
        copy.forEach(l -> l.namespaceDeleted(namespace));
      }
    };
  }

  /** Runs {@code changed} on every change, whatever changed. */
  static SourceListener onAnyChange(Runnable changed) {
    return new SourceListener() {
      @Override
      public void upserted(HasMetadata object) {
        changed.run();
      }

      @Override
      public void deleted(HasMetadata object) {
        changed.run();
      }

      @Override
      public void namespaceUpserted(Namespace namespace) {
        changed.run();
      }

      @Override
      public void namespaceDeleted(Namespace namespace) {
        changed.run();
      }
    };
  }

  /**
   * Runs {@code changed} when something besides the claiming objects changed that decides their
   * names or verdicts: a Namespace (labels for selectors), a Gateway or a ListenerSet.
   */
  static SourceListener onContextChange(Runnable changed) {
    return new SourceListener() {
      @Override
      public void upserted(HasMetadata object) {
        if (object instanceof Gateway || object instanceof ListenerSet) {
          changed.run();
        }
      }

      @Override
      public void deleted(HasMetadata object) {
        upserted(object);
      }

      @Override
      public void namespaceUpserted(Namespace namespace) {
        changed.run();
      }

      @Override
      public void namespaceDeleted(Namespace namespace) {
        changed.run();
      }
    };
  }
}
