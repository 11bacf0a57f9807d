package io.openova.dnsguard.reconciler.audit;

/** Where reports go ({@code --reports}): found by discovery, forced, or nowhere. */
public enum ReportTarget {
  /** OpenReports when its CRD is served, else wgpolicyk8s PolicyReport, else none. */
  AUTO,
  OPENREPORTS,
  WGPOLICYK8S,
  /** No reports; the DNSPolicy status summary and the metrics still are written. */
  NONE
}
