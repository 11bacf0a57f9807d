package io.openova.dnsguard.reconciler.loop;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link ReconcileLoop#runOnce()} on its own thread when it is due (see {@link Schedule}) and
 * only while it may: this replica leads and the caches and policy are ready. A failed sync is
 * retried with back-off; a change that arrives during a sync triggers another one.
 */
public final class LoopRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LoopRunner.class.getName());
  /** How long before a periodic resync its zone reads start (so that they do not hold up syncs for changes). */
  static final Duration READ_AHEAD = Duration.ofSeconds(5);
  /**
   * How long a due resync waits for its zone reads (at 50k names a zone takes seconds to read),
   * syncs for changes going on meanwhile; after that it reads what is missing itself.
   */
  static final Duration READ_WAIT = Duration.ofSeconds(20);

  private final ReconcileLoop loop;
  private final SyncListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Schedule schedule;
  private final Thread thread;
  private final long readAhead;
  private boolean readingAhead;
  private boolean readAheadEnded;
  // Changes go ahead of a resync only after a sync that went well: the first sync, or one after a failure, decides everything anyway.
  private boolean lastSyncOk;
  private boolean leading;
  private boolean ready;
  private boolean closed;

  /**
   * @param debounce the longest a change waits for its sync (bursts within it become one sync)
   * @param interval the full resync period that repairs drift
   */
  public LoopRunner(ReconcileLoop loop, Duration debounce, Duration interval, SyncListener listener) {
    this.loop = loop;
    this.listener = listener;
    this.schedule = new Schedule(debounce, interval, System.nanoTime());
    this.readAhead = Math.min(READ_AHEAD.toNanos(), interval.toNanos() / 4);
    this.thread = Thread.ofPlatform().name("dnsguard-sync").daemon().unstarted(this::run);
  }

  public LoopRunner start() {
    thread.start();
    return this;
  }

  /** Something a sync reads changed (an object, a namespace, a gateway). */
  public void changed() {
    lock.lock();
    try {
      schedule.changed(System.nanoTime());
      listener.pending(schedule.pending());
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether this replica may write (the leader, or leader election off). Losing it stops syncing. */
  public void leading(boolean leading) {
    update(() -> this.leading = leading);
  }

  /** Whether caches and policy are there to sync from. */
  public void ready(boolean ready) {
    update(() -> this.ready = ready);
  }

  private void update(Runnable change) {
    lock.lock();
    try {
      boolean could = leading && ready;
      change.run();
      if (!could && leading && ready) {
        schedule.now(System.nanoTime());
      }
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      boolean full;
      lock.lock();
      try {
        if (closed) {
          return;
        }
        long now = System.nanoTime();
        long due = schedule.dueAt();
        if (!leading || !ready) {
          wake.await();
          continue;
        }
        if (!readingAhead && schedule.resyncAt() - readAhead <= now) {
          readingAhead = true;
          readAheadEnded = false;
          loop.readAhead().whenComplete((read, failed) -> readEnded());
        }
        long resyncAt = schedule.resyncAt();
        if (lastSyncOk && resyncAt <= now && readingAhead && !readAheadEnded && now - resyncAt < READ_WAIT.toNanos()) {
          // the resync waits for its zone reads; changes do not wait for it
          long changesDue = schedule.changesDueAt();
          if (changesDue > now) {
            wake.awaitNanos(Math.min(changesDue - now, resyncAt + READ_WAIT.toNanos() - now));
            continue;
          }
          schedule.startedForChanges();
          full = false;
        } else if (due > now) {
          wake.awaitNanos(readingAhead ? due - now : Math.min(due, schedule.resyncAt() - readAhead) - now);
          continue;
        } else {
          full = schedule.started(now);
          if (full) {
            readingAhead = false;
          }
        }
        listener.pending(0);
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      syncOnce(full);
    }
  }

  private void readEnded() {
    lock.lock();
    try {
      readAheadEnded = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void syncOnce(boolean full) {
    long start = System.nanoTime();
    boolean ok;
    @Nullable SyncReport report = null;
    @Nullable RuntimeException error = null;
    try {
      report = full ? loop.resync() : loop.runOnce();
      ok = !report.failed();
    } catch (RuntimeException e) {
      ok = false;
      error = e;
    }
    try {
      if (report != null) {
        listener.synced(report);
      } else if (error != null) {
        listener.failed(error, Duration.ofNanos(System.nanoTime() - start));
      }
    } catch (RuntimeException listenerBug) {
      LOG.log(Level.SEVERE, "a sync listener failed", listenerBug);
    }
    lock.lock();
    try {
      lastSyncOk = ok && (report == null || !report.stale());
      if (ok) {
        schedule.succeeded();
        if (report != null && report.stale()) {
          schedule.now(System.nanoTime());
        }
      } else {
        schedule.failed(System.nanoTime(), ThreadLocalRandom.current().nextDouble());
        Duration wait = schedule.currentBackoff();
        LOG.fine(() -> "sync failed; next attempt within " + wait);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
