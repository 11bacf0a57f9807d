package io.openova.dnsguard.reconciler;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A piece of start-up that needs nothing else of start-up (the probes server, the policy file),
 * run on its own thread while the rest goes on and joined where its result is needed. Most of a
 * cold start is class loading and parsing, which one thread does at a time; two cores do two.
 */
final class StartStep<T> {
  private final FutureTask<T> task;

  private StartStep(FutureTask<T> task) {
    this.task = task;
  }

  /** Starts {@code work} on a new daemon thread named {@code name}. */
  static <T> StartStep<T> begin(String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread.ofPlatform().name(name).daemon().start(task);
    return new StartStep<>(task);
  }

  /**
   * The result, waiting for it; what the work threw is thrown as it was: unchecked exceptions and
   * errors as they are, a checked one of type {@code checked} as itself.
   */
  <E extends Exception> T join(Class<E> checked) throws E, InterruptedException {
    try {
      return task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      if (checked.isInstance(cause)) {
        throw checked.cast(cause);
      }
      throw new IllegalStateException(cause);
    }
  }

  /** The result when the work went well; nothing (and no wait beyond its end) when it failed. */
  java.util.Optional<T> joinQuietly() {
    try {
      return java.util.Optional.of(task.get());
    } catch (ExecutionException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }
}
