package io.openova.dnsguard.certs.tls;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Keeps the current material and the listeners; subclasses say how to load the material. */
abstract class PollingCertificateSource implements CertificateSource {
  private static final System.Logger LOG = System.getLogger(CertificateSource.class.getName());

  private final List<Consumer<TlsMaterial>> listeners = new CopyOnWriteArrayList<>();
  private volatile TlsMaterial current;
  private @Nullable ScheduledExecutorService executor;

  PollingCertificateSource(TlsMaterial initial) {
    this.current = initial;
  }

  /** The material now, or null if it cannot have changed since the last call. */
  abstract @Nullable TlsMaterial load();

  @Override
  public TlsMaterial current() {
    return current;
  }

  @Override
  public void onChange(Consumer<TlsMaterial> listener) {
    listeners.add(listener);
  }

  @Override
  public synchronized boolean refresh() {
    TlsMaterial next = load();
    if (next == null || next.fingerprint().equals(current.fingerprint())) {
      return false;
    }
    current = next;
    LOG.log(Level.INFO, "serving certificate changed: {0}", next);
    for (Consumer<TlsMaterial> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a certificate change listener failed: " + e, e);
      }
    }
    return true;
  }

  @Override
  public synchronized void start(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the check interval must be positive, got " + interval);
    }
    if (executor != null) {
      throw new IllegalStateException("already started");
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "dnsguard-certificate-watch");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::refreshLogged, millis, millis, TimeUnit.MILLISECONDS);
    executor = scheduler;
  }

  private void refreshLogged() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "certificate check failed, keeping the current certificate: {0}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }
}
