package io.openova.dnsguard.kube.ops;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the probes report. Liveness is the process answering at all; startup turns true once the
 * caches first synced and stays true; readiness follows the caches and the serving certificate.
 * A slow API server keeps the pod not-ready, never dead (the seed's incident).
 */
public final class HealthState {
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicReference<String> reason = new AtomicReference<>("starting: caches not synced yet");

  public void markReady() {
    started.set(true);
    ready.set(true);
    reason.set("ready");
  }

  public void markNotReady(String why) {
    ready.set(false);
    reason.set(why);
  }

  public boolean started() {
    return started.get();
  }

  public boolean ready() {
    return ready.get();
  }

  public String reason() {
    return reason.get();
  }
}
