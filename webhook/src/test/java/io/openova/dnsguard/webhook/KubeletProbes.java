package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kubelet's probing of one container, as its prober workers do it (kubernetes
 * {@code pkg/kubelet/prober/worker.go}), against a real process on loopback, with the probes a
 * rendered chart gives the container:
 *
 * <ul>
 *   <li>each probe runs every {@code periodSeconds}; an HTTP GET is a success when it answers 200–399
 *       within {@code timeoutSeconds}, anything else (refused, time-out, 5xx) a failure;
 *   <li>a result changes only after {@code failureThreshold} failures (or {@code successThreshold}
 *       successes) in a row;
 *   <li>the startup probe runs until it first succeeds; liveness and readiness are not run before
 *       (readiness is false meanwhile), nor before their {@code initialDelaySeconds} since the
 *       container started;
 *   <li>the startup or the liveness probe reaching its failure threshold makes the kubelet kill
 *       and restart the container: here it is recorded in {@link #restarts()}, which a test expects
 *       empty.
 * </ul>
 */
final class KubeletProbes implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One probe's settings, from the rendered container. */
  record Spec(String path, Duration initialDelay, Duration period, Duration timeout, int failureThreshold,
      int successThreshold) {
    static Spec of(Probe probe) {
      return new Spec(probe.getHttpGet().getPath(), Duration.ofSeconds(orDefault(probe.getInitialDelaySeconds(), 0)),
          Duration.ofSeconds(orDefault(probe.getPeriodSeconds(), 10)), Duration.ofSeconds(orDefault(probe.getTimeoutSeconds(), 1)),
          orDefault(probe.getFailureThreshold(), 3), orDefault(probe.getSuccessThreshold(), 1));
    }

    private static int orDefault(Integer value, int kubernetesDefault) {
      return value == null ? kubernetesDefault : value;
    }
  }

  private enum Type { STARTUP, LIVENESS, READINESS }

  /** A readiness change as the kubelet reports it (the Pod's Ready condition), seconds after start. */
  record Transition(long atSecond, boolean ready) {}

  private final String name;
  private final int port;
  private final long startedAt = System.nanoTime();
  private final List<String> restarts = new CopyOnWriteArrayList<>();
  private final List<Transition> readiness = new CopyOnWriteArrayList<>();
  private final List<Thread> workers;
  private volatile boolean started;
  private volatile boolean ready;
  private volatile int livenessProbes;
  private volatile boolean closed;

  /** Starts probing {@code port} as the kubelet would probe {@code container}; call when the process starts. */
  KubeletProbes(String name, int port, Container container) {
    this.name = name;
    this.port = port;
    this.workers = List.of(
        Thread.ofVirtual().name(name + "-startup").start(() -> work(Type.STARTUP, Spec.of(container.getStartupProbe()))),
        Thread.ofVirtual().name(name + "-liveness").start(() -> work(Type.LIVENESS, Spec.of(container.getLivenessProbe()))),
        Thread.ofVirtual().name(name + "-readiness").start(() -> work(Type.READINESS, Spec.of(container.getReadinessProbe()))));
  }

  private void work(Type type, Spec spec) {
    Boolean last = null;
    int run = 0;
    long next = System.nanoTime();
    while (!closed) {
      if (type == Type.STARTUP && started) {
        return;
      }
      boolean probeNow = (type == Type.STARTUP || started)
          && System.nanoTime() - startedAt >= spec.initialDelay().toNanos();
      if (probeNow) {
        boolean ok = probe(spec);
        if (type == Type.LIVENESS) {
          livenessProbes++;
        }
        run = Boolean.valueOf(ok).equals(last) ? run + 1 : 1;
        last = ok;
        if (ok ? run >= spec.successThreshold() : run >= spec.failureThreshold()) {
          apply(type, spec, ok, run);
          if (!ok && type != Type.READINESS) {
            run = 0; // the kubelet restarts the container and starts counting again
          }
        }
      }
      next += spec.period().toNanos();
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        try {
          Thread.sleep(Duration.ofNanos(sleep));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void apply(Type type, Spec spec, boolean ok, int run) {
    switch (type) {
      case STARTUP -> {
        if (ok) {
          started = true;
        } else {
          restarts.add(name + ": startup probe " + spec.path() + " failed " + run + " times in a row at " + second() + " s");
        }
      }
      case LIVENESS -> {
        if (!ok) {
          restarts.add(name + ": liveness probe " + spec.path() + " failed " + run + " times in a row at " + second() + " s");
        }
      }
      case READINESS -> {
        if (ok != ready) {
          ready = ok;
          readiness.add(new Transition(second(), ok));
        }
      }
    }
  }

  private boolean probe(Spec spec) {
    try {
      int status = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + spec.path()))
          .timeout(spec.timeout()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 400;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private long second() {
    return Duration.ofNanos(System.nanoTime() - startedAt).toSeconds();
  }

  /** What would have made the kubelet restart the container (empty: it would have run on). */
  List<String> restarts() {
    return List.copyOf(restarts);
  }

  /** The Pod's Ready condition over time, as the kubelet would have set it. */
  List<Transition> readiness() {
    return List.copyOf(readiness);
  }

  boolean started() {
    return started;
  }

  boolean ready() {
    return ready;
  }

  /** How many times the liveness probe ran (it runs only after startup and its initial delay). */
  int livenessProbes() {
    return livenessProbes;
  }

  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
  }
}
