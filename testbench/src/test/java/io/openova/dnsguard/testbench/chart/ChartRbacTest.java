package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC, created for real in the test API server (which authorizes with RBAC), then
 * asked with SubjectAccessReviews as each ServiceAccount: what it needs is allowed, and what it
 * must not do is refused.
 */
@RealKubeApiServer
class ChartRbacTest {
  private static final AtomicInteger RELEASES = new AtomicInteger();

  private final List<HasMetadata> clusterScoped = new ArrayList<>();
  private KubernetesClient client;

  /** One installed release's RBAC: its namespace and object name prefix. */
  private record Install(String namespace, String fullname) {
    String user(String component) {
      return "system:serviceaccount:" + namespace + ":" + fullname + "-" + component;
    }
  }

  @BeforeEach
  void useTheSharedApiServer(KubernetesClient client) {
    this.client = client;
  }

  private Install install(Map<String, ?> values) {
    int n = RELEASES.incrementAndGet();
    String namespace = "chart-rbac-" + n;
    String release = "rbac" + n;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    Rendered rendered = Charts.renderWithHooks(release, namespace, values, List.of());
    for (HasMetadata object : rendered.objects()) {
      if (object instanceof ServiceAccount || object instanceof Role || object instanceof RoleBinding) {
        client.resource(object).create();
      } else if (object instanceof ClusterRole || object instanceof ClusterRoleBinding) {
        clusterScoped.add(client.resource(object).create());
      }
    }
    assertThat(clusterScoped).as("cluster roles and bindings created").isNotEmpty();
    return new Install(namespace, release + "-dnsguard");
  }

  @AfterEach
  void deleteClusterScopedObjects() {
    clusterScoped.forEach(o -> client.resource(o).delete());
  }

  private boolean allowed(Install install, String component, ResourceAttributes attributes) {
    String namespace = install.namespace();
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
        .withUser(install.user(component))
        .withGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated")
        .withResourceAttributes(attributes)
        .endSpec().build();
    return client.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  private static ResourceAttributes can(String verb, String group, String resource, String namespace, String name) {
    return new ResourceAttributesBuilder().withVerb(verb).withGroup(group).withResource(resource)
        .withNamespace(namespace).withName(name).build();
  }

  /** The RBAC authorizer reads through informers: wait until a binding is visible before judging refusals. */
  private void awaitAllowed(Install install, String component, ResourceAttributes attributes) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!allowed(install, component, attributes)) {
      assertThat(Instant.now()).as("%s never allowed %s", component, attributes).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void webhookServiceAccount_selfManaged_readsClaimsAndManagesOnlyItsSecretAndWebhookConfiguration() throws Exception {
    Install i = install(Map.of());
    String ns = i.namespace();
    String tls = i.fullname() + "-webhook-tls";
    String vwc = i.fullname() + "-webhook";
    awaitAllowed(i, "webhook", can("update", "", "secrets", ns, tls));
    awaitAllowed(i, "webhook", can("update", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", vwc));

    for (String[] read : new String[][] {{"gateway.networking.k8s.io", "httproutes"},
        {"gateway.networking.k8s.io", "grpcroutes"}, {"gateway.networking.k8s.io", "tlsroutes"},
        {"gateway.networking.k8s.io", "tcproutes"}, {"gateway.networking.k8s.io", "udproutes"},
        {"gateway.networking.k8s.io", "gateways"}, {"gateway.networking.k8s.io", "listenersets"},
        {"", "services"}, {"networking.k8s.io", "ingresses"},
        {"externaldns.k8s.io", "dnsendpoints"}, {"", "namespaces"}, {"dnsguard.openova.io", "dnspolicies"}}) {
      for (String verb : List.of("get", "list", "watch")) {
        assertThat(allowed(i, "webhook", can(verb, read[0], read[1], "", null))).as("%s %s", verb, read[1]).isTrue();
      }
    }
    assertThat(allowed(i, "webhook", can("create", "", "events", "team-a", null))).isTrue();
    assertThat(allowed(i, "webhook", can("patch", "events.k8s.io", "events", "team-a", null))).isTrue();
    assertThat(allowed(i, "webhook", can("get", "", "secrets", ns, tls))).isTrue();
    assertThat(allowed(i, "webhook", can("get", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", vwc)))
        .isTrue();

    assertThat(allowed(i, "webhook", can("list", "", "secrets", "", null))).as("list Secrets cluster-wide").isFalse();
    assertThat(allowed(i, "webhook", can("list", "", "secrets", ns, null))).as("list Secrets in its namespace").isFalse();
    assertThat(allowed(i, "webhook", can("get", "", "secrets", ns, "powerdns-api-key"))).as("get another Secret").isFalse();
    assertThat(allowed(i, "webhook", can("get", "", "secrets", "kube-system", tls))).as("same name elsewhere").isFalse();
    assertThat(allowed(i, "webhook", can("create", "", "secrets", ns, null))).isFalse();
    assertThat(allowed(i, "webhook", can("delete", "", "secrets", ns, tls))).isFalse();
    assertThat(allowed(i, "webhook",
        can("patch", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", "other-webhook")))
        .as("patch another webhook configuration").isFalse();
    assertThat(allowed(i, "webhook",
        can("list", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", null))).isFalse();
    assertThat(allowed(i, "webhook",
        can("delete", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", vwc))).isFalse();
    assertThat(allowed(i, "webhook", can("update", "gateway.networking.k8s.io", "gateways", "infra", "gw"))).isFalse();
    assertThat(allowed(i, "webhook", can("update", "gateway.networking.k8s.io", "httproutes", "team-a", "api"))).isFalse();
    assertThat(allowed(i, "webhook", can("update", "dnsguard.openova.io", "dnspolicies", "", "any"))).isFalse();
    assertThat(allowed(i, "webhook", can("create", "coordination.k8s.io", "leases", ns, null))).isFalse();
  }

  @Test
  void reconcilerServiceAccount_readsClaimsAndGatewaysHoldsItsLeaseAndReadsNoSecret() throws Exception {
    Install i = install(Map.of());
    String ns = i.namespace();
    String lease = i.fullname() + "-reconciler";
    awaitAllowed(i, "reconciler", can("update", "coordination.k8s.io", "leases", ns, lease));

    for (String[] read : new String[][] {{"gateway.networking.k8s.io", "httproutes"},
        {"gateway.networking.k8s.io", "grpcroutes"}, {"gateway.networking.k8s.io", "gateways"},
        {"gateway.networking.k8s.io", "listenersets"}, {"gateway.networking.k8s.io", "tlsroutes"}, {"", "services"},
        {"networking.k8s.io", "ingresses"}, {"externaldns.k8s.io", "dnsendpoints"}, {"", "namespaces"},
        {"dnsguard.openova.io", "dnspolicies"}}) {
      for (String verb : List.of("get", "list", "watch")) {
        assertThat(allowed(i, "reconciler", can(verb, read[0], read[1], "", null))).as("%s %s", verb, read[1]).isTrue();
      }
    }
    assertThat(allowed(i, "reconciler", can("create", "coordination.k8s.io", "leases", ns, null))).isTrue();
    assertThat(allowed(i, "reconciler", can("get", "coordination.k8s.io", "leases", ns, lease))).isTrue();
    assertThat(allowed(i, "reconciler", can("create", "", "events", "team-b", null))).isTrue();

    assertThat(allowed(i, "reconciler", can("update", "coordination.k8s.io", "leases", ns, "someone-elses"))).isFalse();
    assertThat(allowed(i, "reconciler", can("create", "coordination.k8s.io", "leases", "kube-system", null)))
        .as("Leases outside its namespace").isFalse();
    assertThat(allowed(i, "reconciler", can("update", "coordination.k8s.io", "leases", "kube-system", lease))).isFalse();
    assertThat(allowed(i, "reconciler", can("list", "", "secrets", "", null))).as("list Secrets cluster-wide").isFalse();
    assertThat(allowed(i, "reconciler", can("get", "", "secrets", ns, "powerdns-api-key"))).isFalse();
    assertThat(allowed(i, "reconciler", can("get", "", "secrets", ns, i.fullname() + "-webhook-tls"))).isFalse();
    assertThat(allowed(i, "reconciler",
        can("update", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", i.fullname() + "-webhook")))
        .isFalse();
    assertThat(allowed(i, "reconciler", can("update", "gateway.networking.k8s.io", "gateways", "infra", "gw"))).isFalse();
    assertThat(allowed(i, "reconciler", can("delete", "", "services", "team-a", "web"))).isFalse();
  }

  @Test
  void hostnameReservations_webhookWritesThem_reconcilerCollectsThem_nothingMore() throws Exception {
    Install i = install(Map.of("webhook.claims.mode", "reservations"));
    String group = "dnsguard.openova.io";
    String resource = "hostnamereservations";
    awaitAllowed(i, "webhook", can("create", group, resource, "", null));
    awaitAllowed(i, "reconciler", can("list", group, resource, "", null));

    for (String verb : List.of("get", "update", "delete")) {
      assertThat(allowed(i, "webhook", can(verb, group, resource, "", "h-0123"))).as("webhook %s", verb).isTrue();
    }
    for (String verb : List.of("list", "watch", "patch", "deletecollection")) {
      assertThat(allowed(i, "webhook", can(verb, group, resource, "", null))).as("webhook %s", verb).isFalse();
    }
    assertThat(allowed(i, "reconciler", can("delete", group, resource, "", "h-0123"))).isTrue();
    for (String verb : List.of("create", "update", "patch", "deletecollection")) {
      assertThat(allowed(i, "reconciler", can(verb, group, resource, "", null))).as("reconciler %s", verb).isFalse();
    }
  }

  @Test
  void hostnameReservations_disabled_grantNothing() throws Exception {
    Install i = install(Map.of("webhook.claims.mode", "local"));
    awaitAllowed(i, "webhook", can("get", "", "services", "", null));
    awaitAllowed(i, "reconciler", can("get", "", "services", "", null));

    assertThat(allowed(i, "webhook", can("create", "dnsguard.openova.io", "hostnamereservations", "", null))).isFalse();
    assertThat(allowed(i, "reconciler", can("list", "dnsguard.openova.io", "hostnamereservations", "", null))).isFalse();
  }

  /** Leader mode: the webhook elects on its own Lease and nothing else; it writes no reservation. */
  @Test
  void leaderMode_webhookRenewsOnlyItsClaimsLease_andNoReservations() throws Exception {
    Install i = install(Map.of("webhook.claims.mode", "leader"));
    String ns = i.namespace();
    String lease = i.fullname() + "-webhook-claims";
    String group = "coordination.k8s.io";
    awaitAllowed(i, "webhook", can("update", group, "leases", ns, lease));

    assertThat(allowed(i, "webhook", can("create", group, "leases", ns, null))).isTrue();
    assertThat(allowed(i, "webhook", can("get", group, "leases", ns, lease))).isTrue();
    assertThat(allowed(i, "webhook", can("patch", group, "leases", ns, lease))).isTrue();
    assertThat(allowed(i, "webhook", can("update", group, "leases", ns, i.fullname() + "-reconciler")))
        .as("the reconciler's Lease").isFalse();
    assertThat(allowed(i, "webhook", can("delete", group, "leases", ns, lease))).isFalse();
    assertThat(allowed(i, "webhook", can("list", group, "leases", ns, null))).isFalse();
    assertThat(allowed(i, "webhook", can("create", group, "leases", "kube-system", null))).isFalse();
    assertThat(allowed(i, "webhook", can("create", "dnsguard.openova.io", "hostnamereservations", "", null))).isFalse();
    assertThat(allowed(i, "reconciler", can("list", "dnsguard.openova.io", "hostnamereservations", "", null))).isFalse();
  }

  @Test
  void certificateHookServiceAccount_createsSecretsOnlyInItsNamespaceAndTouchesOnlyItsTwoObjects() throws Exception {
    Install i = install(Map.of());
    String ns = i.namespace();
    String tls = i.fullname() + "-webhook-tls";
    String vwc = i.fullname() + "-webhook";
    awaitAllowed(i, "certs", can("create", "", "secrets", ns, null));
    awaitAllowed(i, "certs", can("update", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", vwc));

    assertThat(allowed(i, "certs", can("get", "", "secrets", ns, tls))).isTrue();
    assertThat(allowed(i, "certs", can("update", "", "secrets", ns, tls))).isTrue();
    assertThat(allowed(i, "certs", can("get", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", vwc)))
        .isTrue();

    assertThat(allowed(i, "certs", can("create", "", "secrets", "kube-system", null))).isFalse();
    assertThat(allowed(i, "certs", can("get", "", "secrets", ns, "powerdns-api-key"))).isFalse();
    assertThat(allowed(i, "certs", can("update", "", "secrets", ns, "powerdns-api-key"))).isFalse();
    assertThat(allowed(i, "certs", can("list", "", "secrets", ns, null))).isFalse();
    assertThat(allowed(i, "certs", can("list", "", "secrets", "", null))).isFalse();
    assertThat(allowed(i, "certs",
        can("update", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", "other-webhook"))).isFalse();
    assertThat(allowed(i, "certs", can("list", "", "services", "", null))).isFalse();
  }

  @Test
  void webhookServiceAccount_certManagerMode_hasNoSecretOrWebhookConfigurationAccess() throws Exception {
    Install i = install(Map.of("certificates.certManager.enabled", "true"));
    String ns = i.namespace();
    awaitAllowed(i, "webhook", can("list", "gateway.networking.k8s.io", "httproutes", "", null));

    assertThat(allowed(i, "webhook", can("get", "", "secrets", ns, i.fullname() + "-webhook-tls"))).isFalse();
    assertThat(allowed(i, "webhook",
        can("update", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", i.fullname() + "-webhook")))
        .isFalse();
  }
}
