package io.openova.dnsguard.reconciler.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.openova.dnsguard.policies.audit.ReportDocuments;
import io.openova.dnsguard.policies.audit.ReportFormat;
import io.openova.dnsguard.policies.claim.KubernetesObjects;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Applies report objects with server-side apply (one field manager, so a result changes in place
 * and an unchanged report is not rewritten) and deletes this policy's reports that are no longer
 * wanted (their namespace has no finding left). The format is found by API discovery on every
 * publish, so installing the OpenReports CRD later switches to it.
 */
final class ReportWriter {
  private static final Logger LOG = Logger.getLogger(ReportWriter.class.getName());
  static final String FIELD_MANAGER = "dnsguard-audit";

  private final KubernetesClient client;
  private final ReportTarget target;

  ReportWriter(KubernetesClient client, ReportTarget target) {
    this.client = client;
    this.target = target;
  }

  /** The format reports are written in now, if any. */
  Optional<ReportFormat> format() {
    return switch (target) {
      case NONE -> Optional.empty();
      case OPENREPORTS -> Optional.of(ReportFormat.OPEN_REPORTS);
      case WGPOLICYK8S -> Optional.of(ReportFormat.POLICY_REPORT);
      case AUTO -> served(ReportFormat.OPEN_REPORTS) ? Optional.of(ReportFormat.OPEN_REPORTS)
          : served(ReportFormat.POLICY_REPORT) ? Optional.of(ReportFormat.POLICY_REPORT) : Optional.empty();
    };
  }

  private boolean served(ReportFormat format) {
    try {
      var resources = client.getApiResources(format.apiVersion());
      return resources != null && resources.getResources().stream()
          .anyMatch(r -> r.getName().equals(format.plural(false)));
    } catch (KubernetesClientException notServed) {
      return false;
    }
  }

  /**
   * Makes the reports of {@code policy} exactly {@code documents}. One report that cannot be
   * written does not keep the others (or the deletion of stale ones) from happening.
   *
   * @return how many reports could not be written (logged)
   */
  int write(ReportFormat format, String policy, List<Map<String, Object>> documents) {
    Set<String> wanted = new HashSet<>();
    int failed = 0;
    for (Map<String, Object> document : documents) {
      GenericKubernetesResource report = KubernetesObjects.mapper().convertValue(document, GenericKubernetesResource.class);
      boolean cluster = report.getMetadata().getNamespace() == null;
      var resources = client.genericKubernetesResources(context(format, cluster));
      wanted.add(key(report));
      try {
        (cluster ? resources.resource(report) : resources.inNamespace(report.getMetadata().getNamespace()).resource(report))
            .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      } catch (KubernetesClientException e) {
        failed++;
        LOG.warning(() -> "cannot apply " + report.getKind() + " " + key(report) + ": " + e.getMessage());
      }
    }
    for (boolean cluster : List.of(false, true)) {
      var resources = client.genericKubernetesResources(context(format, cluster));
      GenericKubernetesResourceList existing = (cluster ? resources : resources.inAnyNamespace())
          .withLabel(ReportDocuments.MANAGED_BY, ReportDocuments.SOURCE)
          .withLabel(ReportDocuments.POLICY_LABEL, ReportDocuments.labelValue(policy))
          .list();
      for (GenericKubernetesResource stale : existing.getItems()) {
        if (!wanted.contains(key(stale))) {
          LOG.info(() -> "removing " + stale.getKind() + " " + key(stale) + ": no finding left");
          (cluster ? resources.resource(stale) : resources.inNamespace(stale.getMetadata().getNamespace()).resource(stale))
              .delete();
        }
      }
    }
    return failed;
  }

  private static String key(GenericKubernetesResource report) {
    String namespace = report.getMetadata().getNamespace();
    return (namespace == null ? "" : namespace + "/") + report.getMetadata().getName();
  }

  static ResourceDefinitionContext context(ReportFormat format, boolean cluster) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(format.group()).withVersion(format.version()).withKind(format.kind(cluster))
        .withPlural(format.plural(cluster)).withNamespaced(!cluster).build();
  }
}
