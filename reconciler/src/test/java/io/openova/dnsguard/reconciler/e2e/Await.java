package io.openova.dnsguard.reconciler.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or the time is up; the failure names what was awaited and what was seen. */
final class Await {
  private Await() {}

  static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<?> seen) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      RuntimeException last = null;
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what + "; last seen: " + seen.get()
            + (last == null ? "" : " (" + last + ")"));
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  static void until(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, what, condition, () -> "-");
  }
}
