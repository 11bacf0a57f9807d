package io.openova.dnsguard.policies.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.openova.dnsguard.policies.audit.AuditReport;
import io.openova.dnsguard.policies.audit.ReportDocuments;
import io.openova.dnsguard.policies.audit.ReportFormat;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsRecord;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import io.openova.dnsguard.policies.ownership.ZoneRecords;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A full background audit as the reconciler runs it on every sync: 10,000 HTTPRoutes claiming
 * 100,000 names (10 each) re-checked against the claim index and a zone holding A + ownership TXT
 * for every 10th name, then turned into report objects. 5 % of the routes (500) claim a name an
 * older route of another namespace holds, 1 % of the zone's names belong to another external-dns
 * owner: the audit finds ~1,400 results. Floor, in the same JVM: extracting the same objects'
 * claims (the least any audit does). The first round is the cold one a fresh leader meets.
 *
 * <p>Run: {@code mvn -q -f policies/pom.xml test-compile exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %classpath
 * io.openova.dnsguard.policies.bench.AuditBenchmark [rounds] [output.md]"}
 */
public final class AuditBenchmark {
  static final int OBJECTS = 10_000;
  static final int NAMES_PER_OBJECT = 10;

  private AuditBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    DnsPolicy policy = World.policy();
    List<HasMetadata> objects = objects();
    ClaimIndex index = new ClaimIndex();
    objects.forEach(o -> SourceObject.of(o).map(ClaimExtractor::extract).ifPresent(index::put));
    for (int n = 0; n < World.NAMESPACES; n++) {
      index.putNamespace("team-" + n, Map.of());
    }
    ZoneOwnership dns = dns(policy);
    PolicyEvaluator rules = new PolicyEvaluator(policy);

    double[] audit = new double[rounds];
    double[] auditCpu = new double[rounds];
    double[] floor = new double[rounds];
    double[] auditProcessCpu = new double[rounds];
    double[] floorCpu = new double[rounds];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    int findings = 0;
    int documents = 0;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      long floorStart = threads.getCurrentThreadCpuTime();
      int extracted = 0;
      for (HasMetadata object : objects) {
        extracted += SourceObject.of(object).map(ClaimExtractor::extract).map(e -> e.claims().size()).orElse(0);
      }
      floor[r] = (System.nanoTime() - start) / 1e6;
      floorCpu[r] = (threads.getCurrentThreadCpuTime() - floorStart) / 1e6;
      if (extracted != OBJECTS * NAMES_PER_OBJECT) {
        throw new IllegalStateException("extracted " + extracted + " claims");
      }
      start = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      long processCpu = os.getProcessCpuTime();
      AuditReport report = AuditReport.audit(rules, objects, index, dns, Instant.now());
      List<Map<String, Object>> reports = ReportDocuments.of(report, ReportFormat.OPEN_REPORTS, f -> report.time());
      audit[r] = (System.nanoTime() - start) / 1e6;
      auditCpu[r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
      auditProcessCpu[r] = (os.getProcessCpuTime() - processCpu) / 1e6;
      findings = report.findings().size();
      documents = reports.size();
      System.out.printf("round %d: audit %.0f ms (CPU: audit thread %.0f ms, whole process %.0f ms; %d results,"
          + " %d reports), floor %.0f ms (thread CPU %.0f ms)%n", r + 1, audit[r], auditCpu[r], auditProcessCpu[r],
          findings, documents, floor[r], floorCpu[r]);
    }
    double[] warmAudit = Arrays.copyOfRange(audit, 1, rounds);
    double[] warmFloor = Arrays.copyOfRange(floor, 1, rounds);
    String summary = String.format(
        "cold (round 1): audit %.0f ms (CPU: thread %.0f ms, process %.0f ms incl. JIT and GC), floor %.0f ms;"
            + " warm median (rounds 2-%d): audit %.0f ms (thread CPU %.0f ms), floor %.0f ms (thread CPU %.0f ms),"
            + " ratio %.2f (CPU %.2f); %d results in %d report objects",
        audit[0], auditCpu[0], auditProcessCpu[0], floor[0], rounds, median(warmAudit), median(Arrays.copyOfRange(auditCpu, 1, rounds)),
        median(warmFloor), median(Arrays.copyOfRange(floorCpu, 1, rounds)), median(warmAudit) / median(warmFloor),
        median(Arrays.copyOfRange(auditCpu, 1, rounds)) / median(Arrays.copyOfRange(floorCpu, 1, rounds)),
        findings, documents);
    System.out.println(summary);
    if (args.length > 1) {
      StringBuilder md = new StringBuilder("rounds (ms): audit " + Arrays.toString(round(audit)) + ", audit thread CPU "
          + Arrays.toString(round(auditCpu)) + ", process CPU " + Arrays.toString(round(auditProcessCpu)) + ", floor "
          + Arrays.toString(round(floor)) + ", floor thread CPU " + Arrays.toString(round(floorCpu)) + "\n\n" + summary + "\n");
      Files.writeString(Path.of(args[1]), md.toString());
    }
  }

  /** Route i in team-(i % 50) claims svc-i-j; every 20th route also claims a name of route i-1 (another namespace). */
  static List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>(OBJECTS);
    for (int i = 0; i < OBJECTS; i++) {
      List<String> names = new ArrayList<>(NAMES_PER_OBJECT);
      for (int j = 0; j < NAMES_PER_OBJECT; j++) {
        names.add(name(i, j));
      }
      if (i % 20 == 1) {
        names.set(NAMES_PER_OBJECT - 1, name(i - 1, 0)); // taken: route i-1 is older and in another namespace
      }
      objects.add(new HTTPRouteBuilder().withApiVersion("gateway.networking.k8s.io/v1").withKind("HTTPRoute")
          .withNewMetadata().withNamespace(World.namespace(i)).withName("route-" + i)
          .withUid(new java.util.UUID(0x5eedL, i).toString())
          .withCreationTimestamp(Instant.ofEpochSecond(1_780_000_000L + i).toString()).endMetadata()
          .withNewSpec().withHostnames(names).endSpec().build());
    }
    return objects;
  }

  static String name(int i, int j) {
    return "svc-" + i + "-" + j + ".team-" + (i % World.NAMESPACES) + ".example.com";
  }

  /** A and our TXT for every 10th name; one in a hundred of those is another owner's. */
  static ZoneOwnership dns(DnsPolicy policy) {
    TxtRecordCodec codec = TxtRecordCodec.plain();
    List<DnsRecord> records = new ArrayList<>();
    for (int i = 0; i < OBJECTS; i++) {
      Hostname host = Hostname.of(name(i, i % NAMES_PER_OBJECT));
      records.add(new DnsRecord(host.value(), RecordType.A, 300, "192.0.2.1"));
      records.add(new DnsRecord(policy.txt().mapper().toTxtName(host, RecordType.A, TxtFormat.NEW), RecordType.TXT, 300,
          codec.encode(i % 10 == 3 ? "region-2" : "openova", "httproute/" + World.namespace(i) + "/route-" + i)));
    }
    return Ownership.of(policy, codec).decode(List.of(new ZoneRecords(Hostname.of("example.com"), records)));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static long[] round(double[] values) {
    return Arrays.stream(values).mapToLong(Math::round).toArray();
  }
}
