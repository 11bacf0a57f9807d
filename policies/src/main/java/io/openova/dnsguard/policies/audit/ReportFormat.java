package io.openova.dnsguard.policies.audit;

/**
 * The report kinds results are published as: OpenReports (Kyverno since 1.15), or the older
 * {@code wgpolicyk8s.io} PolicyReport where only that CRD is served. Both carry the same fields.
 */
public enum ReportFormat {
  OPEN_REPORTS("openreports.io", "v1alpha1", "Report", "reports", "ClusterReport", "clusterreports"),
  POLICY_REPORT("wgpolicyk8s.io", "v1alpha2", "PolicyReport", "policyreports", "ClusterPolicyReport",
      "clusterpolicyreports");

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;
  private final String clusterKind;
  private final String clusterPlural;

  ReportFormat(String group, String version, String kind, String plural, String clusterKind, String clusterPlural) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
    this.clusterKind = clusterKind;
    this.clusterPlural = clusterPlural;
  }

  public String group() {
    return group;
  }

  public String version() {
    return version;
  }

  public String apiVersion() {
    return group + "/" + version;
  }

  /** The namespaced kind ({@code Report}) or, for cluster-scoped findings, the cluster kind. */
  public String kind(boolean clusterScoped) {
    return clusterScoped ? clusterKind : kind;
  }

  public String plural(boolean clusterScoped) {
    return clusterScoped ? clusterPlural : plural;
  }
}
