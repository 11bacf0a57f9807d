package io.openova.dnsguard.reconciler.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.openova.dnsguard.policies.audit.AuditReport;
import io.openova.dnsguard.policies.claim.KubernetesObjects;
import io.openova.dnsguard.kube.PolicySource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit's summary in the DNSPolicy {@code status.audit}: last audit time, results in all,
 * results per rule, namespaces with results. Server-side applied to the status subresource, so
 * it never touches the spec.
 */
final class PolicyStatusWriter {
  private final KubernetesClient client;
  private final String policyName;

  PolicyStatusWriter(KubernetesClient client, String policyName) {
    this.client = client;
    this.policyName = policyName;
  }

  void write(AuditReport report) {
    Map<String, Long> rules = new LinkedHashMap<>();
    report.countsByRule().forEach((rule, count) -> rules.put(rule.id(), count));
    Map<String, Object> audit = new LinkedHashMap<>();
    audit.put("lastAuditTime", report.time().toString());
    audit.put("violations", report.findings().size());
    if (!rules.isEmpty()) {
      audit.put("rules", rules); // an empty map would travel as null; absent, apply drops our old counts
    }
    audit.put("namespaces", report.byNamespace().size());
    Map<String, Object> document = Map.of(
        "apiVersion", PolicySource.DNS_POLICY.getGroup() + "/" + PolicySource.DNS_POLICY.getVersion(),
        "kind", PolicySource.DNS_POLICY.getKind(),
        "metadata", Map.of("name", policyName),
        "status", Map.of("audit", audit));
    GenericKubernetesResource status = KubernetesObjects.mapper().convertValue(document, GenericKubernetesResource.class);
    client.genericKubernetesResources(PolicySource.DNS_POLICY).resource(status).subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(ReportWriter.FIELD_MANAGER).withForce(true).build(), status);
  }
}
