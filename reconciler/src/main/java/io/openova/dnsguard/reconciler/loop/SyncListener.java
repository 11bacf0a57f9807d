package io.openova.dnsguard.reconciler.loop;

import java.time.Duration;
import java.util.List;

/**
 * Told what each sync did: metrics, Kubernetes Events, logs and health are listeners, so the loop
 * itself only runs the pipeline. Called on the loop's thread; implementations must not block long.
 */
public interface SyncListener {

  /** A sync finished (some zones may have failed; see {@link SyncReport#failed()}). */
  default void synced(SyncReport report) {}

  /** A sync could not run to the end (zones unreadable, policy missing, a bug). */
  default void failed(RuntimeException error, Duration took) {}

  /** Changes waiting for the next sync (seen since the last one started). */
  default void pending(int changes) {}

  static SyncListener all(List<SyncListener> listeners) {
    List<SyncListener> copy = List.copyOf(listeners);
    return new SyncListener() {
      @Override
      public void synced(SyncReport report) {
        copy.forEach(l -> l.synced(report));
      }

      @Override
      public void failed(RuntimeException error, Duration took) {
        copy.forEach(l -> l.failed(error, took));
      }

      @Override
      public void pending(int changes) {
        copy.forEach(l -> l.pending(changes));
      }
    };
  }
}
