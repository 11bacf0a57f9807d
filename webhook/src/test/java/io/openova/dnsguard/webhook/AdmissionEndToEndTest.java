package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.kube.ClaimIndexFeeder;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl's view of dnsguard: a real kube-apiserver calls the webhook over TLS for every kind
 * dnsguard guards, and conflicting objects are refused with the rule book's message.
 */
@RealKubeApiServer
class AdmissionEndToEndTest {
  private static final String WEBHOOK = "dnsguard-e2e";
  private static final String POLICY = """
      apiVersion: dnsguard.openova.io/v1alpha1
      kind: DNSPolicy
      metadata: {name: e2e}
      spec:
        ownerId: e2e
        txtPrefix: "_externaldns."
        unmanagedDomains: deny
        domains:
          - suffix: example.com
            namespaces: [team-a, team-b]
            namespaceSelector: {matchLabels: {dns: allowed}}
        shares:
          - hostname: shop.example.com
            namespaces: [team-a, team-b]
      """;

  private static KubernetesClient client;
  private static final ClaimIndex INDEX = new ClaimIndex();
  private static SourceInformers informers;
  private static RegisteredWebhook webhook;

  @BeforeAll
  static void start(KubernetesClient kube, @TempDir Path dir) throws Exception {
    client = kube;
    for (String ns : List.of("team-a", "team-b", "team-c", "team-x")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
          .addToLabels(WEBHOOK, "yes")
          .addToLabels("dns", ns.equals("team-c") ? "allowed" : "no")
          .endMetadata().build()).create();
    }
    informers = new SourceInformers(client).start(new ClaimIndexFeeder(INDEX), Duration.ZERO);
    assertThat(informers.awaitSynced(Duration.ofSeconds(60))).isTrue();

    Path policyFile = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    PolicyEvaluator evaluator = new PolicyEvaluator(PolicyLoader.load(policyFile));
    webhook = new RegisteredWebhook(client, WEBHOOK,
        new PolicyReviewer(() -> evaluator, INDEX, DnsView.EMPTY, DnsFailurePolicy.FAIL));
    webhook.awaitActive("team-a", "probe.not-managed.org");
  }

  @AfterAll
  static void stop() {
    webhook.close();
    informers.close();
  }

  private static HTTPRoute route(String namespace, String name, String... hostnames) {
    return new HTTPRouteBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withHostnames(hostnames).endSpec().build();
  }

  /** Creates and waits until the informers have indexed the object's first name. */
  private static <T extends HasMetadata> T admitted(T object, String hostname) throws InterruptedException {
    T created = client.resource(object).create();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (INDEX.claimsOn(Hostname.of(hostname)).stream().noneMatch(r -> r.name().equals(object.getMetadata().getName()))) {
      assertThat(System.nanoTime()).as("index never saw " + hostname).isLessThan(deadline);
      Thread.sleep(20);
    }
    return created;
  }

  private static String denial(HasMetadata object) {
    KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resource(object).create());
    assertThat(client.resource(object).get()).as("a denied object must not exist").isNull();
    return e.getMessage();
  }

  @Test
  void httpRoute_nameClaimedByAnotherNamespace_isRejectedNamingOwnerAndSince() throws Exception {
    HTTPRoute first = admitted(route("team-a", "api", "api.example.com"), "api.example.com");

    String expected = "hostname \"api.example.com\" is already claimed by HTTPRoute team-a/api (since "
        + first.getMetadata().getCreationTimestamp() + ")";

    assertThat(denial(route("team-b", "api", "api.example.com")))
        .contains("admission webhook \"hostnames.dnsguard.openova.io\" denied the request")
        .contains(expected);
    // Annotations escape the Gateway API schema's lower-case rule: case and the trailing dot must not help.
    assertThat(denial(new ServiceBuilder().withNewMetadata().withName("api").withNamespace("team-b")
        .addToAnnotations("external-dns.kubernetes.io/hostname", " API.Example.COM. ")
        .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()))
        .contains(expected);
  }

  @Test
  void everyGuardedKind_conflictingAcrossNamespaces_isRejected() throws Exception {
    admitted(route("team-a", "kinds", "kinds.example.com"), "kinds.example.com");

    List<HasMetadata> conflicting = List.of(
        new GRPCRouteBuilder().withNewMetadata().withName("grpc").withNamespace("team-b").endMetadata()
            .withNewSpec().withHostnames("kinds.example.com").endSpec().build(),
        new ServiceBuilder().withNewMetadata().withName("svc").withNamespace("team-b")
            .addToAnnotations("external-dns.alpha.kubernetes.io/hostname", "other.example.com, kinds.example.com")
            .endMetadata().withNewSpec().withType("ClusterIP").addNewPort().withPort(80).endPort().endSpec().build(),
        new IngressBuilder().withNewMetadata().withName("ing").withNamespace("team-b").endMetadata()
            .withNewSpec().addNewRule().withHost("kinds.example.com").endRule().endSpec().build(),
        dnsEndpoint("team-b", "edns", "kinds.example.com"));

    for (HasMetadata object : conflicting) {
      assertThat(denial(object)).as(object.getKind())
          .contains("hostname \"kinds.example.com\" is already claimed by HTTPRoute team-a/kinds");
    }
  }

  @Test
  void sameNamespaceAndShareRule_areAccepted() throws Exception {
    admitted(route("team-a", "web", "web.example.com", "shop.example.com"), "web.example.com");

    client.resource(route("team-a", "web-paths", "web.example.com")).create();
    client.resource(route("team-b", "shop", "shop.example.com")).create();

    assertThat(client.resources(HTTPRoute.class).inNamespace("team-b").withName("shop").get()).isNotNull();
  }

  @Test
  void namespaceSelector_allowsLabelledNamespace_andDomainPermissionDeniesOthers() {
    client.resource(route("team-c", "selected", "selected.example.com")).create();

    assertThat(denial(route("team-x", "outsider", "outsider.example.com")))
        .contains("outsider.example.com").contains("team-x");
  }

  @Test
  void update_addingAConflictingName_isRejected() throws Exception {
    admitted(route("team-a", "pay", "pay.example.com"), "pay.example.com");
    HTTPRoute own = admitted(route("team-b", "own", "own.example.com"), "own.example.com");

    own.getSpec().setHostnames(List.of("own.example.com", "pay.example.com"));
    KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resource(own).update());

    assertThat(e.getMessage()).contains("hostname \"pay.example.com\" is already claimed by HTTPRoute team-a/pay");
    assertThat(client.resources(HTTPRoute.class).inNamespace("team-b").withName("own").get().getSpec().getHostnames())
        .containsExactly("own.example.com");
  }

  @Test
  void serverSideDryRun_behavesLikeARealApply() throws Exception {
    admitted(route("team-a", "dry", "dry.example.com"), "dry.example.com");

    assertThatThrownBy(() -> client.resource(route("team-b", "dry", "dry.example.com")).dryRun().create())
        .hasMessageContaining("is already claimed by HTTPRoute team-a/dry");
    client.resource(route("team-b", "dry-ok", "dry-ok.example.com")).dryRun().create();
    assertThat(client.resources(HTTPRoute.class).inNamespace("team-b").withName("dry-ok").get()).isNull();
  }

  private static GenericKubernetesResource dnsEndpoint(String namespace, String name, String dnsName) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .addToAdditionalProperties("spec", Map.of("endpoints", List.of(Map.of(
            "dnsName", dnsName, "recordType", "A", "targets", List.of("192.0.2.1")))))
        .build();
  }
}
