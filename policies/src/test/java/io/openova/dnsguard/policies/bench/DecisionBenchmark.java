package io.openova.dnsguard.policies.bench;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ClaimSource;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.ObjectDecision;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decisions per second against 100k claimed hostnames, one thread. The mix per 1024 requests: a
 * quarter new names (allowed after every rule), a quarter names owned by another namespace (409),
 * a quarter names the same namespace already has (allowed), a quarter names with our own TXT in DNS.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DecisionBenchmark {

  private static final int MIX = 1024;

  private ClaimIndex index;
  private ZoneOwnership dns;
  private PolicyEvaluator evaluator;
  private Extraction[] extractions;
  private AdmissionInput[] admissions;
  private int next;

  @Setup
  public void setUp() {
    DnsPolicy policy = World.policy();
    index = World.index();
    dns = World.dns(policy);
    evaluator = new PolicyEvaluator(policy);
    extractions = new Extraction[MIX];
    admissions = new AdmissionInput[MIX];
    Random random = new Random(42);
    for (int k = 0; k < MIX; k++) {
      int i = random.nextInt(World.NAMES);
      String namespace;
      String host;
      switch (k % 4) {
        case 0 -> { namespace = World.namespace(i); host = "new-" + i + ".team-" + (i % World.NAMESPACES) + ".example.com"; }
        case 1 -> { namespace = World.namespace(i + 1); host = World.name(i); }
        case 2 -> { namespace = World.namespace(i); host = World.name(i); }
        default -> { int owned = i - i % 10; namespace = World.namespace(owned); host = World.name(owned); }
      }
      ObjectRef ref = new ObjectRef(SourceKind.HTTP_ROUTE, namespace, "candidate-" + k, "", null);
      extractions[k] = new Extraction(ref,
          List.of(new Claim(Hostname.of(host), ref, new ClaimSource("spec.hostnames"), Set.of())), List.of());
      HTTPRoute route = new HTTPRouteBuilder()
          .withNewMetadata().withName("candidate-" + k).withNamespace(namespace).endMetadata()
          .withNewSpec().withHostnames(host).endSpec().build();
      admissions[k] = AdmissionInput.create(SourceObject.of(route).orElseThrow());
    }
  }

  /** The rule book alone: claims already extracted (what the reconciler re-checks). */
  @Benchmark
  public Decision decideClaims() {
    Extraction extraction = extractions[next++ & (MIX - 1)];
    return evaluator.evaluate(extraction, Set.of(), Set.of(), false, index, dns);
  }

  /** The webhook's path: a read HTTPRoute in, claims extracted and hostnames canonicalised, decision out. */
  @Benchmark
  public ObjectDecision decideAdmission() {
    return evaluator.evaluate(admissions[next++ & (MIX - 1)], index, dns);
  }
}
