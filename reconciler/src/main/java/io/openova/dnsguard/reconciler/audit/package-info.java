/**
 * The background audit: every sync's verdicts published as reports (OpenReports, or wgpolicyk8s
 * PolicyReport), the DNSPolicy status summary and metrics. Runs where the sync runs: the leader.
 */
@NullMarked
package io.openova.dnsguard.reconciler.audit;

import org.jspecify.annotations.NullMarked;
