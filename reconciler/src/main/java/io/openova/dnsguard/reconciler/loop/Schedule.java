package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.provider.support.BackOff;
import java.time.Duration;

/**
 * When the next sync is due, as a pure function of what happened (times in nanoseconds of one
 * monotonic clock). Changes are debounced: a sync runs once no change came for {@code quiet}, and
 * at the latest {@code maxDelay} after the first pending change, so a burst becomes one sync and a
 * steady stream still syncs. A full resync is due every {@code interval}. After a failed sync the
 * next one waits for the back-off ({@link #BACKOFF}: doubling from 1 s to 30 s); the work stays
 * pending. Not thread-safe: {@link LoopRunner} guards it.
 */
final class Schedule {
  static final BackOff BACKOFF = new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(30));
  private static final long NONE = Long.MAX_VALUE;
  /**
   * A sync for changes costs milliseconds whatever the zone size, so it starts as soon as changes
   * pause this long (a {@code kubectl apply} of many objects sends them milliseconds apart); changes
   * that come while it runs go together into the next. A window of a tenth of the debounce (100 ms)
   * put most of a second on every change under steady churn (10 objects/s never pause for 100 ms).
   */
  static final Duration QUIET = Duration.ofMillis(10);

  private final long quiet;
  private final long maxDelay;
  private final long interval;
  private long firstPending = NONE;
  private long lastChange = NONE;
  private int pending;
  private long nextResync;
  private long notBefore = Long.MIN_VALUE;
  private int failures;

  Schedule(Duration maxDelay, Duration interval, long now) {
    this.maxDelay = maxDelay.toNanos();
    this.quiet = Math.min(this.maxDelay, QUIET.toNanos());
    this.interval = interval.toNanos();
    this.nextResync = now; // the first sync runs at once
  }

  void changed(long now) {
    if (firstPending == NONE) {
      firstPending = now;
    }
    lastChange = now;
    pending++;
  }

  /** A full resync should run as soon as possible (leadership gained, caches synced, a stale zone). */
  void now(long now) {
    nextResync = Math.min(nextResync, now);
  }

  /** When the next full resync is due (it may come earlier: a failure, leadership gained). */
  long resyncAt() {
    return Math.max(notBefore, nextResync);
  }

  int pending() {
    return pending;
  }

  /** When the next sync should start; {@link Long#MAX_VALUE} never happens (the resync is always due). */
  long dueAt() {
    return Math.max(notBefore, Math.min(debounced(), nextResync));
  }

  /** When a sync for the changes alone should start; {@link Long#MAX_VALUE} without changes. */
  long changesDueAt() {
    long debounced = debounced();
    return debounced == NONE ? NONE : Math.max(notBefore, debounced);
  }

  private long debounced() {
    return firstPending == NONE ? NONE : Math.min(firstPending + maxDelay, lastChange + quiet);
  }

  /** A sync for the changes alone starts now; a resync that is due stays due (it waits for its zone reads). */
  void startedForChanges() {
    firstPending = NONE;
    lastChange = NONE;
    pending = 0;
  }

  /**
   * A sync starts now: it sees every change so far.
   *
   * @return whether it is a full resync (the interval's, the first, after a failure or a gained
   *     lease) rather than one for changes only
   */
  boolean started(long now) {
    boolean full = now >= nextResync;
    firstPending = NONE;
    lastChange = NONE;
    pending = 0;
    if (full) { // syncs for changes do not put it off: under steady changes drift is still repaired
      nextResync = now + interval;
    }
    return full;
  }

  void succeeded() {
    failures = 0;
    notBefore = Long.MIN_VALUE;
  }

  /** The sync failed: run again after the back-off, with {@code jitter} (0..1) spreading retries. */
  void failed(long now, double jitter) {
    failures++;
    notBefore = now + BACKOFF.spread(failures, jitter).toNanos();
    nextResync = Math.min(nextResync, notBefore);
  }

  /** The back-off ceiling before the next try after a failure. */
  Duration currentBackoff() {
    return BACKOFF.ceiling(failures + 1);
  }
}
