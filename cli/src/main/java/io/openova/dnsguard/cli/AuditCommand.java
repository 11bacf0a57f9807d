package io.openova.dnsguard.cli;

import io.openova.dnsguard.policies.input.ManifestReader;
import io.openova.dnsguard.policies.input.ZoneFileReader;
import io.openova.dnsguard.policies.input.InputException;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.openova.dnsguard.policies.audit.AuditReport;
import io.openova.dnsguard.policies.audit.Finding;
import io.openova.dnsguard.policies.audit.ReportDocuments;
import io.openova.dnsguard.policies.audit.ReportFormat;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.claim.KubernetesObjects;
import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.commandline.TxtKeyOption;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import io.openova.dnsguard.policies.ownership.ZoneRecords;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.policies.policy.PolicyRule;
import io.openova.dnsguard.policies.plan.Ownership;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code audit --policy FILE --cluster-state PATH... [--dns-state ZONEFILE]... [--output table|json]}:
 * the background audit offline. Every object of the cluster export is re-checked against the rest
 * of the export and the zone files, as the reconciler does before publishing reports; the JSON is
 * the report objects it would apply ({@code --format openreports|wgpolicyk8s}), the table is for
 * people. Exit 0 nothing found, 1 findings, 2 bad usage or unreadable input.
 */
final class AuditCommand {

  static final String USAGE = "usage: audit --policy FILE --cluster-state PATH... [--dns-state ZONEFILE]..."
      + " [--output table|json] [--format openreports|wgpolicyk8s] " + TxtKeyOption.USAGE;

  enum Output { TABLE, JSON }

  enum Format { OPENREPORTS, WGPOLICYK8S }

  static final Command COMMAND = ParsedCommand.offline("audit", USAGE, ParsedCommand.Options.of(
      Set.of("--policy", "--cluster-state", "--dns-state", "--output", "--format", TxtKeyOption.FILE_OPTION),
      Set.of("--cluster-state", "--dns-state"), Set.of()), AuditCommand::audit);

  private AuditCommand() {}

  private static int audit(Arguments arguments, PrintStream out) throws InputException, PolicyException {
    if (arguments.all("--cluster-state").isEmpty()) {
      throw new UsageException("--cluster-state is required (an export of the objects to audit)");
    }
    AuditReport report = audit(arguments, Clock.systemUTC().instant());
    switch (arguments.choice("--output", Output.class, Output.TABLE)) {
      case TABLE -> table(report, out);
      case JSON -> json(report, arguments.choice("--format", Format.class, Format.OPENREPORTS), out);
    }
    return report.findings().isEmpty() ? 0 : 1;
  }

  static AuditReport audit(Arguments arguments, Instant now) throws InputException, PolicyException {
    DnsPolicy policy = PolicyLoader.load(Path.of(arguments.required("--policy")));
    ClaimIndex index = new ClaimIndex();
    List<HasMetadata> objects = new ArrayList<>();
    for (String path : arguments.all("--cluster-state")) {
      for (ManifestReader.Located located : ManifestReader.read(Path.of(path))) {
        HasMetadata object = located.object();
        if (object instanceof Namespace namespace) {
          Map<String, String> labels = namespace.getMetadata().getLabels();
          index.putNamespace(namespace.getMetadata().getName(), labels == null ? Map.of() : labels);
          continue;
        }
        try {
          SourceObject.of(object).map(ClaimExtractor::extract).ifPresent(index::put);
        } catch (IllegalArgumentException e) {
          throw new InputException(located.origin() + ": " + e.getMessage());
        }
        objects.add(object);
      }
    }
    List<ZoneRecords> zones = new ArrayList<>();
    for (String zoneFile : arguments.all("--dns-state")) {
      zones.addAll(ZoneFileReader.read(Path.of(zoneFile)));
    }
    ZoneOwnership dns = Ownership.of(policy, TxtKeyOption.codec(arguments, System.getenv())).decode(zones);
    return AuditReport.audit(new PolicyEvaluator(policy), objects, index, dns, now);
  }

  private static void json(AuditReport report, Format format, PrintStream out) {
    ReportFormat reportFormat = format == Format.OPENREPORTS ? ReportFormat.OPEN_REPORTS : ReportFormat.POLICY_REPORT;
    Map<String, Object> list = Map.of("apiVersion", "v1", "kind", "List",
        "items", ReportDocuments.of(report, reportFormat, f -> report.time()));
    out.println(KubernetesObjects.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(list));
  }

  /** Aligned columns, the message last (it is long); then one summary line. */
  static void table(AuditReport report, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAMESPACE", "KIND", "NAME", "RULE", "ACTION", "MESSAGE"});
    for (Finding f : report.findings()) {
      rows.add(new String[] {f.object().namespace().isEmpty() ? "-" : f.object().namespace(), f.object().kind(),
          f.object().name(), f.rule().id(), f.action().spelling(), f.message()});
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      out.println(line.append(row[5]));
    }
    Map<PolicyRule, Long> counts = report.countsByRule();
    out.println();
    out.println(report.findings().size() + " result(s) under DNSPolicy \"" + report.policy() + "\""
        + (counts.isEmpty() ? "" : ": " + counts.entrySet().stream()
            .map(e -> e.getKey().id() + " " + e.getValue()).collect(Collectors.joining(", "))));
  }
}
