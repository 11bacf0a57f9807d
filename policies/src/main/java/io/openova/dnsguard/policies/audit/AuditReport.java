package io.openova.dnsguard.policies.audit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyRule;
import io.openova.dnsguard.policies.policy.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the background audit found at {@code time}: every object re-checked as {@link
 * AdmissionInput.Operation#AUDIT} (all its claims count; the older claim wins), one {@link Finding}
 * per object and rule broken. The reconciler publishes it as reports; {@code dnsguard audit} prints it.
 */
public record AuditReport(String policy, Instant time, List<Finding> findings) {

  /** Report order: namespace, kind, name, rule. */
  public static final Comparator<Finding> ORDER = Comparator
      .comparing((Finding f) -> f.object().namespace())
      .thenComparing(f -> f.object().kind())
      .thenComparing(f -> f.object().name())
      .thenComparing(Finding::rule);

  public AuditReport {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(time, "time");
    findings = findings.stream().sorted(ORDER).toList();
  }

  /** Audits {@code objects} (objects that claim no name are skipped) against the cluster and DNS as they are. */
  public static AuditReport audit(PolicyEvaluator rules, List<? extends HasMetadata> objects, ClusterView cluster,
      DnsView dns, Instant time) {
    List<Finding> findings = new ArrayList<>();
    for (HasMetadata object : objects) {
      Optional<Extraction> extraction;
      try {
        extraction = SourceObject.of(object).map(ClaimExtractor::extract);
      } catch (IllegalArgumentException unreadable) {
        continue; // no name to report it under; the reconciler logs these
      }
      if (extraction.isEmpty()) {
        continue;
      }
      // Extracted once: the evaluator's extraction overload, as AUDIT (every claim counts, older wins).
      if (rules.evaluate(extraction.get(), Set.of(), Set.of(), true, cluster, dns) instanceof Decision.Deny deny) {
        findings.addAll(findings(rules.policy(), object, deny));
      }
    }
    return new AuditReport(rules.policy().name(), time, findings);
  }

  /** One finding per rule the denial names, each with that rule's part of the denial message. */
  public static List<Finding> findings(DnsPolicy policy, HasMetadata object, Decision.Deny deny) {
    Finding.Subject subject = subject(object);
    Map<PolicyRule, List<Violation>> byRule = new EnumMap<>(PolicyRule.class);
    for (Violation violation : deny.violations()) {
      byRule.computeIfAbsent(violation.rule(), r -> new ArrayList<>()).add(violation);
    }
    List<Finding> findings = new ArrayList<>(byRule.size());
    byRule.forEach((rule, violations) -> {
      Violation first = violations.getFirst();
      findings.add(new Finding(subject, rule, policy.actionFor(first), first.code(),
          violations.stream().flatMap(v -> v.hostname().stream()).distinct().limit(MAX_NAMES).toList(),
          message(violations.stream().map(Violation::message).distinct().toList())));
    });
    return findings;
  }

  /** Names kept per finding, and sentences per message: an object may claim thousands of names. */
  static final int MAX_NAMES = 20;
  static final int MAX_SENTENCES = 5;

  /** The denial's sentences, the first {@link #MAX_SENTENCES} of them, so that a report stays small. */
  private static String message(List<String> sentences) {
    String shown = String.join("; ", sentences.subList(0, Math.min(sentences.size(), MAX_SENTENCES)));
    return sentences.size() <= MAX_SENTENCES ? shown
        : shown + "; and " + (sentences.size() - MAX_SENTENCES) + " more name(s) for the same reason";
  }

  static Finding.Subject subject(HasMetadata object) {
    var meta = object.getMetadata();
    return new Finding.Subject(
        Objects.requireNonNullElse(object.getApiVersion(), ""),
        Objects.requireNonNullElse(object.getKind(), ""),
        meta == null ? "" : Objects.requireNonNullElse(meta.getNamespace(), ""),
        meta == null ? "" : Objects.requireNonNullElse(meta.getName(), ""),
        meta == null ? "" : Objects.requireNonNullElse(meta.getUid(), ""));
  }

  /** Findings per namespace ({@code ""}: cluster-scoped objects), namespaces sorted. */
  public SortedMap<String, List<Finding>> byNamespace() {
    return findings.stream().collect(Collectors.groupingBy(f -> f.object().namespace(), TreeMap::new,
        Collectors.toList()));
  }

  /** Findings per rule, in rule order; rules without findings are left out. */
  public Map<PolicyRule, Long> countsByRule() {
    Map<PolicyRule, Long> counts = new EnumMap<>(PolicyRule.class);
    findings.forEach(f -> counts.merge(f.rule(), 1L, Long::sum));
    return counts;
  }

  /** The names the findings are about, for people reading a table. */
  static String names(Finding finding) {
    return finding.hostnames().stream().map(Hostname::value).collect(Collectors.joining(","));
  }

  /** Counts per namespace, in namespace order. */
  public Map<String, Long> countsByNamespace() {
    Map<String, Long> counts = new LinkedHashMap<>();
    byNamespace().forEach((ns, list) -> counts.put(ns, (long) list.size()));
    return counts;
  }
}
