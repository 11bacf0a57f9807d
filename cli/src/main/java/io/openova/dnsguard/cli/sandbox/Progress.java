package io.openova.dnsguard.cli.sandbox;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** One line per step, with what it did and how long it took, for a person to follow. */
final class Progress {
  private final PrintStream out;
  private int step;
  private final int steps;

  Progress(PrintStream out, int steps) {
    this.out = out;
    this.steps = steps;
  }

  <T> T step(String what, Callable<T> work) throws Exception {
    step++;
    out.printf(Locale.ROOT, "[%d/%d] %-46s", step, steps, what + " ...");
    out.flush();
    long start = System.nanoTime();
    try {
      T result = work.call();
      out.printf(Locale.ROOT, " ok (%.1f s)%n", (System.nanoTime() - start) / 1e9);
      return result;
    } catch (Exception e) {
      out.printf(Locale.ROOT, " FAILED (%.1f s)%n", (System.nanoTime() - start) / 1e9);
      throw e;
    }
  }

  void detail(String line) {
    out.println("      " + line);
  }
}
