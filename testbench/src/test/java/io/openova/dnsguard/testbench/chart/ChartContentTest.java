package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the chart renders, read as Kubernetes objects: the command line contract, safety and placement. */
class ChartContentTest {
  private static final String NS = "dnsguard-system";

  private static Rendered defaults() {
    return Charts.renderWithHooks("dg", NS, Map.of(), List.of());
  }

  @Test
  void webhookArgs_withDefaults_areTheServeContract() {
    Container webhook = defaults().container("dg-dnsguard-webhook");

    assertThat(webhook.getImage()).isEqualTo("ghcr.io/openova/dnsguard:0.1.0");
    assertThat(webhook.getCommand()).as("the image's entrypoint is dnsguard").isEmpty();
    assertThat(webhook.getArgs()).containsExactly(
        "serve", "--tls-port", "8443", "--http-port", "8080", "--policy-name", "dg-dnsguard",
        "--certs", "self-managed", "--tls-secret", NS + "/dg-dnsguard-webhook-tls",
        "--service", "dg-dnsguard-webhook", "--namespace", NS, "--webhook-config", "dg-dnsguard-webhook",
        "--cache-sync-timeout", "10m", "--dns-failure-policy", "fail",
        "--claims-mode", "reservations", "--reservation-expiry", "30s",
        "--provider", "powerdns", "--pdns-url", "http://powerdns-api.powerdns.svc.cluster.local:8081",
        "--pdns-server-id", "localhost");
    assertThat(webhook.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("https:8443", "http:8080");
  }

  /**
   * Leader mode: the replicas elect on their own Lease, reach each other at the pod address and
   * degrade by the webhook's failure policy; no Secret beyond the serving one (the peer token is
   * derived from its key), and the NetworkPolicy lets the replicas reach each other's webhook port.
   */
  @Test
  void webhook_leaderMode_electsOnItsLease_reachesPeersAtThePodAddress() {
    Rendered rendered = Charts.render("dg", NS, Map.of("webhook.claims.mode", "leader", "webhook.failurePolicy", "Ignore"),
        List.of(Charts.resource("dmz.yaml")));
    Container webhook = rendered.container("dg-dnsguard-webhook");

    assertThat(webhook.getArgs()).containsSequence("--claims-mode", "leader", "--advertise-address", "$(POD_IP)",
        "--leader-election-namespace", NS, "--leader-election-id", "dg-dnsguard-webhook-claims",
        "--leader-timeout", "3s", "--leader-failure-policy", "ignore");
    assertThat(webhook.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_IP");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    });
    assertThat(rendered.kinds()).filteredOn("Secret"::equals).isEmpty();
    NetworkPolicy policy = rendered.one(NetworkPolicy.class, "dg-dnsguard-webhook");
    assertThat(policy.getSpec().getIngress()).hasSize(3).anySatisfy(rule -> assertThat(rule.getFrom()).singleElement()
        .satisfies(f -> assertThat(f.getPodSelector()).isNotNull()
            .satisfies(p -> assertThat(p.getMatchLabels()).containsEntry("app.kubernetes.io/component", "webhook"))));
    assertThat(policy.getSpec().getEgress()).anySatisfy(rule -> {
      assertThat(rule.getTo()).singleElement().satisfies(t -> assertThat(t.getPodSelector()).isNotNull());
      assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8443));
    });
    assertThat(Charts.render("dg", NS, Map.of("webhook.claims.mode", "reservations")).container("dg-dnsguard-webhook")
        .getArgs()).doesNotContain("--advertise-address");
  }

  @Test
  void reconcilerArgs_withDefaults_areTheRunContract() {
    Container reconciler = defaults().container("dg-dnsguard-reconciler");

    assertThat(reconciler.getArgs()).containsExactly(
        "run", "--http-port", "8080", "--policy-name", "dg-dnsguard",
        "--provider", "powerdns", "--pdns-url", "http://powerdns-api.powerdns.svc.cluster.local:8081",
        "--pdns-server-id", "localhost",
        "--sync-mode", "sync", "--interval", "1m", "--debounce", "1s",
        "--leader-election-namespace", NS, "--leader-election-id", "dg-dnsguard-reconciler",
        "--cache-sync-timeout", "10m", "--reports", "auto");
    assertThat(reconciler.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080");
  }

  @Test
  void javaOptions_withDefaults_runTheReconcilerOnC1AndLeaveTheWebhookAlone() {
    Rendered rendered = defaults();

    assertThat(rendered.container("dg-dnsguard-reconciler").getEnv())
        .filteredOn(e -> e.getName().equals("JDK_JAVA_OPTIONS")).extracting(EnvVar::getValue)
        .containsExactly("-XX:TieredStopAtLevel=1");
    assertThat(rendered.container("dg-dnsguard-webhook").getEnv()).extracting(EnvVar::getName)
        .doesNotContain("JDK_JAVA_OPTIONS");
    assertThat(Charts.render("dg", NS, Map.of("reconciler.javaOptions", "")).container("dg-dnsguard-reconciler")
        .getEnv()).extracting(EnvVar::getName).doesNotContain("JDK_JAVA_OPTIONS");
  }

  @Test
  void reconcilerArgs_withFiltersAndDryRun_repeatTheDomainFilterFlag() {
    Container reconciler = Charts.render("dg", NS, Map.of(
        "reconciler.domainFilters[0]", "a.example.com", "reconciler.domainFilters[1]", "b.example.com",
        "reconciler.dryRun", "true", "reconciler.syncMode", "upsert-only", "reconciler.sources[0]", "crd",
        "reconciler.sources[1]", "gateway-httproute")).container("dg-dnsguard-reconciler");

    assertThat(reconciler.getArgs())
        .containsSequence("--sync-mode", "upsert-only")
        .containsSequence("--domain-filter", "a.example.com", "--domain-filter", "b.example.com",
            "--source", "crd", "--source", "gateway-httproute", "--dry-run");
  }

  static Stream<Arguments> providers() {
    return Stream.of(
        Arguments.of(Map.of(), List.of("--provider", "powerdns", "--pdns-url",
                "http://powerdns-api.powerdns.svc.cluster.local:8081", "--pdns-server-id", "localhost"),
            Map.of("DNSGUARD_PDNS_API_KEY", "powerdns-api-key/api-key")),
        Arguments.of(Map.of("provider.name", "cloudflare", "provider.cloudflare.proxied", "true",
                "provider.cloudflare.apiTokenSecret.name", "cloudflare-credentials"),
            List.of("--provider", "cloudflare", "--cloudflare-proxied"),
            Map.of("DNSGUARD_CLOUDFLARE_API_TOKEN", "cloudflare-credentials/api-token")),
        Arguments.of(Map.of("provider.name", "route53", "provider.route53.region", "eu-west-1",
                "provider.route53.assumeRoleArn", "arn:aws:iam::123456789012:role/dns",
                "provider.route53.credentialsSecret.name", "aws"),
            List.of("--provider", "route53", "--aws-region", "eu-west-1", "--aws-assume-role",
                "arn:aws:iam::123456789012:role/dns"),
            Map.of("AWS_ACCESS_KEY_ID", "aws/aws-access-key-id", "AWS_SECRET_ACCESS_KEY", "aws/aws-secret-access-key")),
        Arguments.of(Map.of("provider.name", "route53", "provider.route53.region", "eu-west-1"),
            List.of("--provider", "route53", "--aws-region", "eu-west-1"), Map.of()),
        Arguments.of(Map.of("provider.name", "google", "provider.google.project", "p1"),
            List.of("--provider", "google", "--google-project", "p1"), Map.of()),
        Arguments.of(Map.of("provider.name", "azure", "provider.azure.subscriptionId", "sub",
                "provider.azure.resourceGroup", "rg", "provider.azure.credentialsSecret.name", "azure"),
            List.of("--provider", "azure", "--azure-subscription-id", "sub", "--azure-resource-group", "rg"),
            Map.of("DNSGUARD_AZURE_TENANT_ID", "azure/tenant-id", "DNSGUARD_AZURE_CLIENT_ID", "azure/client-id",
                "DNSGUARD_AZURE_CLIENT_SECRET", "azure/client-secret")),
        Arguments.of(Map.of("provider.name", "hetzner", "provider.hetzner.tokenSecret.name", "hcloud"),
            List.of("--provider", "hetzner"), Map.of("DNSGUARD_HETZNER_TOKEN", "hcloud/token")));
  }

  @ParameterizedTest
  @MethodSource("providers")
  void providerSettings_forEachProvider_becomeFlagsAndSecretReferencesOnBothHalves(
      Map<String, ?> values, List<String> flags, Map<String, String> secretEnv) {
    Rendered rendered = Charts.render("dg", NS, values);

    for (String deployment : List.of("dg-dnsguard-webhook", "dg-dnsguard-reconciler")) {
      Container container = rendered.container(deployment);
      assertThat(container.getArgs()).as(deployment).containsSequence(flags);
      List<EnvVar> env = container.getEnv();
      // Every credential comes from an existing Secret; no env var carries a literal credential.
      assertThat(env).as(deployment).allSatisfy(e -> {
        if (e.getValue() != null) {
          assertThat(e.getName()).isIn("GOOGLE_APPLICATION_CREDENTIALS", "JDK_JAVA_OPTIONS");
        }
      });
      Map<String, String> refs = new TreeMap<>();
      env.stream().filter(e -> e.getValueFrom() != null).forEach(e -> refs.put(e.getName(),
          e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey()));
      assertThat(refs).as(deployment).isEqualTo(new TreeMap<>(secretEnv));
    }
  }

  @Test
  void googleCredentials_fromASecret_areMountedReadOnlyAndNamedByTheEnvironment() {
    Rendered rendered = Charts.render("dg", NS, Map.of("provider.name", "google", "provider.google.project", "p1",
        "provider.google.credentialsSecret.name", "gcp-key", "provider.google.credentialsSecret.key", "key.json"));
    Deployment reconciler = rendered.one(Deployment.class, "dg-dnsguard-reconciler");
    PodSpec pod = reconciler.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().getFirst();

    assertThat(container.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("GOOGLE_APPLICATION_CREDENTIALS");
      assertThat(e.getValue()).isEqualTo("/etc/dnsguard/google/key.json");
    });
    assertThat(container.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/etc/dnsguard/google");
      assertThat(m.getReadOnly()).isTrue();
    });
    assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
        .singleElement().satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("gcp-key"));
  }

  @Test
  void webhookProviderLookups_whenOff_runTheWebhookWithoutProviderButKeepTheReconcilers() {
    Rendered rendered = Charts.render("dg", NS, Map.of("webhook.providerLookups", "false"));

    assertThat(rendered.container("dg-dnsguard-webhook").getArgs()).containsSequence("--provider", "none")
        .doesNotContain("--pdns-url");
    assertThat(rendered.container("dg-dnsguard-webhook").getEnv()).isEmpty();
    assertThat(rendered.container("dg-dnsguard-reconciler").getArgs()).containsSequence("--provider", "powerdns");
  }

  @Test
  void everyPod_withDefaults_runsNonRootReadOnlyWithoutPrivilegesAndWithRuntimeDefaultSeccomp() {
    Rendered rendered = defaults();
    List<PodSpec> pods = Stream.concat(
        rendered.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec()),
        rendered.all(Job.class).stream().map(j -> j.getSpec().getTemplate().getSpec())).toList();

    assertThat(pods).hasSize(4);
    for (PodSpec pod : pods) {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
      for (Container container : pod.getContainers()) {
        SecurityContext security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      }
    }
  }

  @Test
  void webhook_withDefaults_isHighlyAvailable() {
    Rendered rendered = defaults();
    Deployment webhook = rendered.one(Deployment.class, "dg-dnsguard-webhook");
    PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class, "dg-dnsguard-webhook");
    Map<String, String> podLabels = webhook.getSpec().getTemplate().getMetadata().getLabels();

    assertThat(webhook.getSpec().getReplicas()).isEqualTo(2);
    assertThat(webhook.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    var antiAffinity = webhook.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
        .getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(antiAffinity).singleElement().satisfies(term -> {
      assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
      assertThat(podLabels).containsAllEntriesOf(term.getPodAffinityTerm().getLabelSelector().getMatchLabels());
      assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
          .containsEntry("app.kubernetes.io/component", "webhook");
    });
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "webhook");

    Service service = rendered.one(Service.class, "dg-dnsguard-webhook");
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
      assertThat(p.getPort()).isEqualTo(443);
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
    });
  }

  @Test
  void webhookConfiguration_withDefaults_checksTheClaimingKindsAndNeverLocksTheClusterOut() {
    ValidatingWebhookConfiguration configuration =
        defaults().one(ValidatingWebhookConfiguration.class, "dg-dnsguard-webhook");
    ValidatingWebhook webhook = configuration.getWebhooks().getFirst();

    assertThat(configuration.getWebhooks()).hasSize(1);
    assertThat(webhook.getRules()).flatExtracting(ChartContentTest::resources).containsExactlyInAnyOrder(
        "gateway.networking.k8s.io/v1 httproutes", "gateway.networking.k8s.io/v1 grpcroutes",
        "gateway.networking.k8s.io/v1 tlsroutes", "gateway.networking.k8s.io/v1 tcproutes",
        "gateway.networking.k8s.io/v1 udproutes", "gateway.networking.k8s.io/v1 gateways",
        "gateway.networking.k8s.io/v1 listenersets",
        "/v1 services", "networking.k8s.io/v1 ingresses", "externaldns.k8s.io/v1alpha1 dnsendpoints");
    assertThat(webhook.getRules()).allSatisfy(r -> assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE"));
    assertThat(webhook.getSideEffects()).as("reservations are written, never on dry runs").isEqualTo("NoneOnDryRun");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
    assertThat(webhook.getClientConfig().getService().getName()).isEqualTo("dg-dnsguard-webhook");
    assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo(NS);
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/validate");
    assertThat(webhook.getNamespaceSelector().getMatchExpressions()).singleElement().satisfies(e -> {
      assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
      assertThat(e.getOperator()).isEqualTo("NotIn");
      assertThat(e.getValues()).containsExactly("kube-system", NS);
    });
  }

  @Test
  void webhookConfiguration_withUserSelectorsAndPolicy_keepsTheExemptionsAndUsesTheValues() {
    ValidatingWebhook webhook = Charts.render("dg", NS, Map.of(
            "webhook.failurePolicy", "Ignore", "webhook.timeoutSeconds", 5,
            "webhook.excludeNamespaces[0]", "flux-system",
            "webhook.namespaceSelector.matchLabels.dnsguard", "on",
            "webhook.namespaceSelector.matchExpressions[0].key", "tier",
            "webhook.namespaceSelector.matchExpressions[0].operator", "Exists"))
        .one(ValidatingWebhookConfiguration.class, "dg-dnsguard-webhook").getWebhooks().getFirst();

    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getNamespaceSelector().getMatchLabels()).containsEntry("dnsguard", "on");
    assertThat(webhook.getNamespaceSelector().getMatchExpressions()).hasSize(2).anySatisfy(e -> {
      assertThat(e.getOperator()).isEqualTo("NotIn");
      assertThat(e.getValues()).containsExactly("kube-system", NS, "flux-system");
    }).anySatisfy(e -> assertThat(e.getKey()).isEqualTo("tier"));
  }

  @Test
  void selfManagedCertificates_withDefaults_haveAPreAndAPostHookJobRunningCertsEnsure() {
    Rendered withHooks = defaults();
    Job pre = withHooks.one(Job.class, "dg-dnsguard-certs-pre");
    Job post = withHooks.one(Job.class, "dg-dnsguard-certs-post");

    assertThat(pre.getMetadata().getAnnotations()).containsEntry(Charts.HOOK_PREFIX + "hook", "pre-install,pre-upgrade");
    assertThat(post.getMetadata().getAnnotations()).containsEntry(Charts.HOOK_PREFIX + "hook", "post-install,post-upgrade");
    List<String> ensure = List.of("certs", "ensure", "--namespace", NS, "--secret", "dg-dnsguard-webhook-tls",
        "--service", "dg-dnsguard-webhook");
    assertThat(pre.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs()).isEqualTo(ensure);
    assertThat(post.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .startsWith(ensure.toArray(String[]::new)).endsWith("--webhook-config", "dg-dnsguard-webhook");
    assertThat(pre.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("dg-dnsguard-certs");
    // The hook's RBAC exists before the Job runs (lower weight) in every phase the Jobs use.
    for (String kind : List.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding")) {
      var object = withHooks.documents().stream()
          .filter(d -> d.kind().equals(kind) && d.name().equals("dg-dnsguard-certs")).findFirst().orElseThrow().object();
      assertThat(object.getMetadata().getAnnotations()).as(kind)
          .containsEntry(Charts.HOOK_PREFIX + "hook", "pre-install,pre-upgrade,post-install,post-upgrade")
          .containsEntry(Charts.HOOK_PREFIX + "hook-weight", "-10");
    }
  }

  @Test
  void hooks_inTheRealChart_areHelmHooksAndNotPartOfTheReleaseManifest() {
    assertThat(Charts.render("dg", NS, Map.of()).kindsAndNames())
        .noneMatch(k -> k.startsWith("Job/") || k.endsWith("/dg-dnsguard-certs"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void certManagerMode_rendersAPkcs8CertificateIssuerAndCaInjectionAndMountsTheFiles() {
    Rendered rendered = Charts.renderWithHooks("dg", NS, Map.of(), List.of(Charts.resource("cert-manager.yaml")));
    GenericKubernetesResource certificate = rendered.generic("Certificate", "dg-dnsguard-webhook");
    GenericKubernetesResource issuer = rendered.generic("Issuer", "dg-dnsguard-selfsigned");

    assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(Rendered.field(certificate, "spec", "privateKey", "encoding")).isEqualTo("PKCS8");
    assertThat(Rendered.field(certificate, "spec", "secretName")).isEqualTo("dg-dnsguard-webhook-tls");
    assertThat((List<Object>) Rendered.field(certificate, "spec", "dnsNames"))
        .contains("dg-dnsguard-webhook." + NS + ".svc", "dg-dnsguard-webhook." + NS + ".svc.cluster.local");
    assertThat((List<Object>) Rendered.field(certificate, "spec", "usages")).contains("server auth");
    assertThat(Rendered.field(certificate, "spec", "issuerRef", "name")).isEqualTo("dg-dnsguard-selfsigned");
    assertThat(Rendered.field(certificate, "spec", "issuerRef", "kind")).isEqualTo("Issuer");
    assertThat(issuer.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(Rendered.field(issuer, "spec", "selfSigned")).isEqualTo(Map.of());

    assertThat(rendered.one(ValidatingWebhookConfiguration.class, "dg-dnsguard-webhook").getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", NS + "/dg-dnsguard-webhook");

    Deployment webhook = rendered.one(Deployment.class, "dg-dnsguard-webhook");
    Container container = webhook.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(container.getArgs()).containsSequence("--certs", "files").containsSequence("--cert-dir", "/etc/dnsguard/tls");
    assertThat(container.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/etc/dnsguard/tls");
      assertThat(m.getReadOnly()).isTrue();
    });
    assertThat(webhook.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getSecret() != null)
        .singleElement().satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("dg-dnsguard-webhook-tls"));
    // No self-managed machinery: no hook Jobs, no Secret or webhook-configuration write access.
    assertThat(rendered.kindsAndNames()).noneMatch(k -> k.startsWith("Job/") || k.endsWith("-certs"))
        .doesNotContain("Role/dg-dnsguard-webhook");
  }

  @Test
  void certManagerMode_withAnIssuerRef_usesItAndCreatesNoIssuer() {
    Rendered rendered = Charts.render("dg", NS, Map.of("certificates.certManager.enabled", "true",
        "certificates.certManager.issuerRef.name", "platform-ca", "certificates.certManager.issuerRef.kind", "ClusterIssuer"));

    assertThat(rendered.kinds()).doesNotContain("Issuer");
    GenericKubernetesResource certificate = rendered.generic("Certificate", "dg-dnsguard-webhook");
    assertThat(Rendered.field(certificate, "spec", "issuerRef", "name")).isEqualTo("platform-ca");
    assertThat(Rendered.field(certificate, "spec", "issuerRef", "kind")).isEqualTo("ClusterIssuer");
  }

  @Test
  void dmzPlacement_appliesToTheReconcilerOnlyAndKeepsItsAntiAffinity() {
    Rendered rendered = Charts.render("dg", NS, Map.of(), List.of(Charts.resource("dmz.yaml")));
    PodSpec reconciler = rendered.one(Deployment.class, "dg-dnsguard-reconciler").getSpec().getTemplate().getSpec();
    PodSpec webhook = rendered.one(Deployment.class, "dg-dnsguard-webhook").getSpec().getTemplate().getSpec();

    assertThat(rendered.one(Deployment.class, "dg-dnsguard-reconciler").getSpec().getReplicas()).isEqualTo(3);
    assertThat(reconciler.getNodeSelector()).containsEntry("node-role.openova.io/dmz", "true");
    assertThat(reconciler.getTolerations()).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo("node-role.openova.io/dmz");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(reconciler.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().getFirst().getMatchExpressions().getFirst().getValues()).containsExactly("dmz-a", "dmz-b");
    assertThat(reconciler.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement().satisfies(term -> assertThat(term.getLabelSelector().getMatchLabels())
            .containsEntry("app.kubernetes.io/component", "reconciler"));
    assertThat(webhook.getNodeSelector()).isNullOrEmpty();
    assertThat(webhook.getTolerations()).isNullOrEmpty();
    assertThat(webhook.getAffinity().getNodeAffinity()).isNull();
  }

  @Test
  void dnsPolicy_withDefaults_carriesTheSeedsOwnerIdAndTxtPrefix() {
    GenericKubernetesResource policy = defaults().generic("DNSPolicy", "dg-dnsguard");

    assertThat(policy.getApiVersion()).isEqualTo("dnsguard.openova.io/v1alpha1");
    assertThat(Rendered.field(policy, "spec", "ownerId")).isEqualTo("openova");
    assertThat(Rendered.field(policy, "spec", "txtPrefix")).isEqualTo("_externaldns.");
    assertThat(Rendered.field(policy, "spec", "unmanagedDomains")).isEqualTo("deny");
    assertThat(Rendered.field(policy, "spec", "adoptUnowned")).isEqualTo(false);
  }

  @Test
  void dnsPolicy_whenNotCreated_isNamedByBothHalvesButNotRendered() {
    Rendered rendered = Charts.render("dg", NS, Map.of("policy.create", "false", "policy.name", "shared"));

    assertThat(rendered.kinds()).doesNotContain("DNSPolicy");
    assertThat(rendered.container("dg-dnsguard-webhook").getArgs()).containsSequence("--policy-name", "shared");
    assertThat(rendered.container("dg-dnsguard-reconciler").getArgs()).containsSequence("--policy-name", "shared");
  }

  @Test
  void networkPolicies_whenEnabled_letOnlyTheApiServerReachTheWebhookPortAndMonitoringTheHttpPort() {
    Rendered rendered = Charts.render("dg", NS, Map.of(), List.of(Charts.resource("dmz.yaml")));
    NetworkPolicy webhook = rendered.one(NetworkPolicy.class, "dg-dnsguard-webhook");
    NetworkPolicy reconciler = rendered.one(NetworkPolicy.class, "dg-dnsguard-reconciler");

    assertThat(webhook.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(webhook.getSpec().getIngress()).hasSize(2).anySatisfy(rule -> {
      assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("https"));
      assertThat(rule.getFrom()).singleElement().satisfies(f -> assertThat(f.getIpBlock().getCidr()).isEqualTo("10.0.0.1/32"));
    }).anySatisfy(rule -> {
      assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
      assertThat(rule.getFrom()).singleElement().satisfies(f -> assertThat(f.getNamespaceSelector().getMatchLabels())
          .containsEntry("kubernetes.io/metadata.name", "monitoring"));
    });
    assertThat(reconciler.getSpec().getIngress()).singleElement()
        .satisfies(rule -> assertThat(rule.getPorts().getFirst().getPort().getStrVal()).isEqualTo("http"));
    assertThat(reconciler.getSpec().getEgress()).anySatisfy(rule -> {
      assertThat(rule.getTo()).singleElement().satisfies(t -> assertThat(t.getIpBlock().getCidr()).isEqualTo("192.0.2.0/24"));
      assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8081));
    }).anySatisfy(rule -> assertThat(rule.getPorts()).anySatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(53)));
    assertThat(Charts.render("dg", NS, Map.of()).kinds()).doesNotContain("NetworkPolicy");
  }

  @Test
  void serviceMonitor_whenEnabled_scrapesMetricsOnTheHttpPortOfBothServices() {
    Rendered rendered = Charts.render("dg", NS, Map.of(), List.of(Charts.resource("dmz.yaml")));
    GenericKubernetesResource monitor = rendered.generic("ServiceMonitor", "dg-dnsguard");

    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) Rendered.field(monitor, "spec", "endpoints");
    assertThat(endpoints).singleElement().satisfies(e -> {
      assertThat(e).containsEntry("port", "http").containsEntry("path", "/metrics");
    });
    @SuppressWarnings("unchecked")
    Map<String, String> matchLabels = (Map<String, String>) Rendered.field(monitor, "spec", "selector", "matchLabels");
    List<Service> selected = rendered.all(Service.class).stream()
        .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(matchLabels.entrySet()))
        .filter(s -> s.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals("http")))
        .toList();
    assertThat(selected).extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("dg-dnsguard-webhook", "dg-dnsguard-reconciler-metrics");
    assertThat(Charts.render("dg", NS, Map.of()).kinds()).doesNotContain("ServiceMonitor");
  }

  /** "group/version resource" for each resource of a rule. */
  private static List<String> resources(RuleWithOperations rule) {
    assertThat(rule.getApiGroups()).hasSize(1);
    assertThat(rule.getApiVersions()).hasSize(1);
    return rule.getResources().stream()
        .map(r -> rule.getApiGroups().getFirst() + "/" + rule.getApiVersions().getFirst() + " " + r).toList();
  }
}
