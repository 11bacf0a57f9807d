package io.openova.dnsguard.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final long MS = 1_000_000L;
  private static final Duration DEBOUNCE = Duration.ofSeconds(1); // quiet window 10 ms
  private static final Duration INTERVAL = Duration.ofMinutes(1);

  @Test
  void dueAt_start_firstSyncAtOnce() {
    Schedule schedule = new Schedule(DEBOUNCE, INTERVAL, 0);
    assertThat(schedule.dueAt()).isZero();
  }

  @Test
  void dueAt_oneChange_afterQuietWindow() {
    Schedule schedule = started();
    schedule.changed(1_000 * MS);
    assertThat(schedule.dueAt()).isEqualTo(1_010 * MS);
  }

  @Test
  void dueAt_steadyBurst_atMostDebounceAfterFirstChange() {
    Schedule schedule = started();
    for (long t = 1_000; t < 3_000; t += 5) { // a change every 5 ms: never quiet for 10 ms
      schedule.changed(t * MS);
    }
    assertThat(schedule.dueAt()).isEqualTo(2_000 * MS);
    assertThat(schedule.pending()).isEqualTo(400);
  }

  @Test
  void started_changesDuringSync_anotherSyncFollows() {
    Schedule schedule = started();
    schedule.changed(1_000 * MS);
    schedule.started(1_100 * MS);
    assertThat(schedule.dueAt()).as("nothing pending: the periodic resync, an interval after the last full one")
        .isEqualTo(60_000 * MS);
    schedule.changed(1_150 * MS); // arrives while the sync runs
    assertThat(schedule.dueAt()).isEqualTo(1_160 * MS);
  }

  @Test
  void failed_repeatedly_backsOffDoublingUpTo30s() {
    Schedule schedule = started();
    long now = 0;
    long previousWait = 0;
    for (int attempt = 0; attempt < 8; attempt++) {
      schedule.started(now);
      schedule.failed(now, 0.5); // no jitter at 0.5
      long wait = schedule.dueAt() - now;
      assertThat(wait).isGreaterThanOrEqualTo(Math.min(previousWait, Duration.ofSeconds(30).toNanos()));
      assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(30).toNanos());
      previousWait = wait;
      now += wait;
    }
    assertThat(previousWait).isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void failed_changeArrives_waitsForBackoffStill() {
    Schedule schedule = started();
    schedule.started(0);
    schedule.failed(0, 0.5);
    schedule.changed(10 * MS);
    assertThat(schedule.dueAt()).as("the back-off, not the quiet window").isEqualTo(1_000 * MS);
    schedule.started(1_000 * MS);
    schedule.succeeded();
    schedule.changed(1_500 * MS);
    assertThat(schedule.dueAt()).isEqualTo(1_510 * MS);
  }

  @Test
  void started_changesMoreOftenThanTheInterval_resyncStillEveryInterval() {
    Schedule schedule = started();
    long now = 0;
    boolean fullSeen = false;
    while (now < 61_000 * MS && !fullSeen) {
      now += 500 * MS;
      schedule.changed(now);
      now = Math.max(now, schedule.dueAt());
      fullSeen = schedule.started(now);
    }
    assertThat(fullSeen).as("a full resync within the interval, changes every 500 ms notwithstanding").isTrue();
    assertThat(now).isLessThanOrEqualTo(61_000 * MS);
  }

  @Test
  void startedForChanges_resyncWaitingForItsReads_staysDue() {
    Schedule schedule = started();
    assertThat(schedule.changesDueAt()).as("no changes").isEqualTo(Long.MAX_VALUE);
    schedule.changed(60_500 * MS); // the resync is due since 60 s
    assertThat(schedule.changesDueAt()).isEqualTo(60_510 * MS);

    schedule.startedForChanges();

    assertThat(schedule.changesDueAt()).isEqualTo(Long.MAX_VALUE);
    assertThat(schedule.resyncAt()).as("still due").isEqualTo(60_000 * MS);
    assertThat(schedule.started(60_600 * MS)).as("the next sync is the resync").isTrue();
  }

  @Test
  void changesDueAt_afterAFailure_waitsForTheBackOff() {
    Schedule schedule = started();
    schedule.started(0);
    schedule.failed(0, 0.5);
    schedule.changed(10 * MS);
    assertThat(schedule.changesDueAt()).isEqualTo(1_000 * MS);
  }

  private static Schedule started() {
    Schedule schedule = new Schedule(DEBOUNCE, INTERVAL, 0);
    schedule.started(0);
    return schedule;
  }
}
