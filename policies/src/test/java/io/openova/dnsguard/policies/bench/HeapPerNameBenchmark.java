package io.openova.dnsguard.policies.bench;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Retained heap per indexed name at 100k names, measured in the forked JVM after full GCs, side by
 * side with the floor: a plain {@code HashMap<String, String>} of hostname → "namespace/object".
 * The numbers are printed by the forked JVM during the first warmup iteration ({@code heap per name
 * at 100000 names: ...}); JMH's aux counters would sum them over iterations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 1, time = 1)
@State(Scope.Benchmark)
public class HeapPerNameBenchmark {

  private static final Hostname QUERY = Hostname.of(World.name(4242));

  ClaimIndex index;
  Map<String, String> floor;
  double indexBytesPerName;
  double floorBytesPerName;

  @Setup(Level.Trial)
  public void measure() {
    long before = usedAfterGc();
    floor = new HashMap<>();
    for (int i = 0; i < World.NAMES; i++) {
      floor.put(World.name(i), World.namespace(i) + "/route-" + i);
    }
    long withFloor = usedAfterGc();
    index = World.index();
    long withIndex = usedAfterGc();
    floorBytesPerName = (withFloor - before) / (double) World.NAMES;
    indexBytesPerName = (withIndex - withFloor) / (double) World.NAMES;
    System.out.printf("heap per name at %d names: ClaimIndex %.1f B, HashMap<String,String> floor %.1f B, ratio %.2f%n",
        World.NAMES, indexBytesPerName, floorBytesPerName, indexBytesPerName / floorBytesPerName);
  }

  /** Times one exact-name lookup, so JMH has something to run in the JVM that measured memory. */
  @Benchmark
  public int lookup() {
    return index.claimsOn(QUERY).size() + floor.get(QUERY.value()).length();
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
