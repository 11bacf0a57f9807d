package io.openova.dnsguard.policies.audit;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.policy.DenyCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An {@link AuditReport} as report objects: one per namespace with findings ({@code ""}: the
 * cluster report), split into pages of {@link #PAGE} results so that no object nears etcd's size
 * limit. One result per object and rule, {@code result: fail}, the denial's message, the action in
 * {@code properties}. Plain maps, so the reconciler applies them and {@code dnsguard audit} prints them.
 */
public final class ReportDocuments {
  /** Results per report object (a result is ~0.5 KiB; etcd takes 1.5 MiB). */
  public static final int PAGE = 500;
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String POLICY_LABEL = "dnsguard.openova.io/policy";
  public static final String SOURCE = "dnsguard";

  private ReportDocuments() {}

  /**
   * @param firstSeen when each finding was first seen (its result's timestamp stays put across audits)
   */
  public static List<Map<String, Object>> of(AuditReport report, ReportFormat format,
      Function<Finding, Instant> firstSeen) {
    List<Map<String, Object>> documents = new ArrayList<>();
    report.byNamespace().forEach((namespace, findings) -> {
      for (int page = 0; page * PAGE < findings.size(); page++) {
        List<Finding> slice = findings.subList(page * PAGE, Math.min(findings.size(), (page + 1) * PAGE));
        documents.add(document(report.policy(), format, namespace, page, slice, firstSeen));
      }
    });
    return documents;
  }

  /** {@code dnsguard-<policy>}, then {@code -2}, {@code -3} for further pages; within the 253-character limit. */
  public static String name(String policy, int page) {
    String base = "dnsguard-" + policy;
    String suffix = page == 0 ? "" : "-" + (page + 1);
    if (base.length() + suffix.length() > 253) {
      base = base.substring(0, 253 - suffix.length());
    }
    return base + suffix;
  }

  private static Map<String, Object> document(String policy, ReportFormat format, String namespace, int page,
      List<Finding> findings, Function<Finding, Instant> firstSeen) {
    boolean cluster = namespace.isEmpty();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name(policy, page));
    if (!cluster) {
      metadata.put("namespace", namespace);
    }
    metadata.put("labels", Map.of(MANAGED_BY, SOURCE, POLICY_LABEL, labelValue(policy)));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", format.apiVersion());
    document.put("kind", format.kind(cluster));
    document.put("metadata", metadata);
    if (format == ReportFormat.OPEN_REPORTS) {
      document.put("source", SOURCE); // PolicyReport has it per result only
    }
    document.put("summary", Map.of("pass", 0, "fail", findings.size(), "warn", 0, "error", 0, "skip", 0));
    document.put("results", findings.stream().map(f -> result(policy, f, firstSeen.apply(f))).toList());
    return document;
  }

  private static Map<String, Object> result(String policy, Finding finding, Instant seen) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("source", SOURCE);
    result.put("policy", policy);
    result.put("rule", finding.rule().id());
    result.put("category", "DNS names");
    result.put("severity", severity(finding.code()));
    result.put("result", "fail");
    result.put("scored", true);
    result.put("message", finding.message());
    result.put("timestamp", Map.of("seconds", seen.getEpochSecond(), "nanos", 0));
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("apiVersion", finding.object().apiVersion());
    resource.put("kind", finding.object().kind());
    if (!finding.object().namespace().isEmpty()) {
      resource.put("namespace", finding.object().namespace());
    }
    resource.put("name", finding.object().name());
    if (!finding.object().uid().isEmpty()) {
      resource.put("uid", finding.object().uid());
    }
    result.put("resources", List.of(resource));
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("action", finding.action().spelling());
    properties.put("code", String.valueOf(finding.code().status()));
    if (!finding.hostnames().isEmpty()) {
      properties.put("hostnames", finding.hostnames().stream().map(Hostname::value).collect(Collectors.joining(",")));
    }
    result.put("properties", properties);
    return result;
  }

  private static String severity(DenyCode code) {
    return switch (code) {
      case CONFLICT -> "high";
      case FORBIDDEN -> "medium";
      case INVALID -> "low";
    };
  }

  /** A label value is at most 63 characters; longer policy names are cut (the name still identifies). */
  public static String labelValue(String policy) {
    String value = policy.length() > 63 ? policy.substring(0, 63) : policy;
    return value.replaceAll("[^A-Za-z0-9]+$", "");
  }
}
