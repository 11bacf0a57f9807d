package io.openova.dnsguard.policies.bench;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.PlanInvariants;
import io.openova.dnsguard.policies.plan.Planner;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.policy.TxtSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The plan invariants, checked before every write, beside planning the same plan (the floor): a
 * zone of {@code existing} names of ours (A + ownership TXT) and {@code added} new names — a full
 * sync after a restart, or after a Namespace change, with a batch of new objects. The check was
 * once quadratic (it copied the zone for every group of the plan).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PlanInvariantsBenchmark {

  @Param("50000")
  int existing;
  @Param("2000")
  int added;

  private Ownership ownership;
  private List<RecordSet> current;
  private List<Desired> desired;
  private Plan plan;

  @Setup
  public void setUp() {
    Hostname zone = Hostname.of("bench.test");
    ownership = Ownership.of("dnsguard", TxtSettings.DEFAULT);
    current = new ArrayList<>();
    desired = new ArrayList<>();
    for (int i = 0; i < existing + added; i++) {
      Hostname name = Hostname.of("h" + i + ".bench.test");
      RecordSet set = RecordSet.of(name, RecordType.A, 300, List.of("10.0." + (i >> 8 & 255) + "." + (i & 255)));
      desired.add(new Desired(set, "crd/bench/bulk"));
      if (i < existing) {
        current.add(set);
        current.add(RecordSet.of(Hostname.of(ownership.names().toTxtName(name, RecordType.A, ownership.writeFormat())),
            RecordType.TXT, 300, List.of(ownership.codec().encode("dnsguard", "crd/bench/bulk"))));
      }
    }
    plan = new Planner(ownership).plan(zone, desired, current);
    if (plan.changes().size() != 2 * added || !PlanInvariants.violations(plan, current, ownership).isEmpty()) {
      throw new IllegalStateException("unexpected plan: " + plan.changes().size() + " changes");
    }
  }

  @Benchmark
  public Plan plan() {
    return new Planner(ownership).plan(plan.zone(), desired, current);
  }

  @Benchmark
  public List<String> checkPlan() {
    return PlanInvariants.violations(plan, current, ownership);
  }
}
