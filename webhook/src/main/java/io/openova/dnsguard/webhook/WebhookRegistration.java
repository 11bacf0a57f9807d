package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The ValidatingWebhookConfiguration that sends dnsguard every object that can claim a DNS name, and
 * the Gateways and ListenerSets that decide the names of routes, for CREATE and UPDATE (DELETE never
 * needs a check), as the Helm chart registers it. Side effects {@code NoneOnDryRun}: an admitted
 * claim writes a HostnameReservation, a dry run nothing. Used where
 * dnsguard registers itself outside the chart: the local sandbox and the tests.
 */
public final class WebhookRegistration {
  /** The webhook's name inside the configuration; it prefixes every refusal kubectl prints. */
  public static final String WEBHOOK_NAME = "hostnames.dnsguard.openova.io";

  /** The kinds dnsguard guards, as admission rules. */
  public static final List<RuleWithOperations> RULES = List.of(
      rule("gateway.networking.k8s.io", "*", "httproutes", "grpcroutes", "tlsroutes", "tcproutes", "udproutes",
          "gateways", "listenersets"),
      rule("", "v1", "services"),
      rule("networking.k8s.io", "v1", "ingresses"),
      rule("externaldns.k8s.io", "*", "dnsendpoints"));

  private WebhookRegistration() {}

  /**
   * @param url where the API server calls, e.g. {@code https://127.0.0.1:8443/validate}
   * @param caBundle base64 PEM of the CA to trust, or null when dnsguard injects its own
   * @param namespaces which namespaces are guarded
   * @param failurePolicy {@code Fail} or {@code Ignore}: what the API server does when dnsguard is down
   */
  public static ValidatingWebhookConfiguration forUrl(String name, String url, @Nullable String caBundle,
      LabelSelector namespaces, String failurePolicy, int timeoutSeconds) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .addNewWebhook()
          .withName(WEBHOOK_NAME)
          .withNewClientConfig().withUrl(url).withCaBundle(caBundle).endClientConfig()
          .withRules(RULES)
          .withNamespaceSelector(namespaces)
          .withMatchPolicy("Equivalent")
          .withAdmissionReviewVersions("v1")
          .withSideEffects("NoneOnDryRun")
          .withFailurePolicy(failurePolicy)
          .withTimeoutSeconds(timeoutSeconds)
        .endWebhook()
        .build();
  }

  private static RuleWithOperations rule(String group, String version, String... resources) {
    return new RuleWithOperationsBuilder().withApiGroups(group).withApiVersions(version)
        .withOperations("CREATE", "UPDATE").withResources(resources).build();
  }
}
