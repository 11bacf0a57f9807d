package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.policies.policy.Action;
import io.openova.dnsguard.reconciler.audit.AuditPublisher;
import io.openova.dnsguard.reconciler.audit.ReportTarget;
import io.openova.dnsguard.reconciler.loop.DnsTarget;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.reconciler.loop.LoopRunner;
import io.openova.dnsguard.reconciler.loop.ReconcileLoop;
import io.openova.dnsguard.reconciler.loop.Sources;
import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.reconciler.ops.ReconcilerMetrics;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.reconciler.source.EndpointSource;
import io.openova.dnsguard.kube.ClaimIndexFeeder;
import io.openova.dnsguard.kube.PolicySource;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.kube.SourceListener;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.ReportCrds;
import io.openova.dnsguard.testbench.Testbin;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A safe roll-out on a real API server, as a platform team does it, with the real kubectl: a
 * conflict that got in while no webhook ran shows in its namespace's OpenReports Report with the
 * message a denial gives; under Warn, {@code kubectl apply} prints dnsguard's warning and the object
 * is created; under Audit, nothing is printed and the report lists the object; switched to
 * Enforce, the next one is refused. One DNSPolicy in the cluster drives both halves, as in the chart.
 */
@RealKubeApiServer
@RealPowerDns
class RolloutEndToEndTest {
  private static final Logger LOG = Logger.getLogger(RolloutEndToEndTest.class.getName());
  private static final String WEBHOOK = "dnsguard-rollout";
  private static final String ZONE = "rollout.test";
  private static final String POLICY = "rollout";
  private static final Duration AUDIT_INTERVAL = Duration.ofSeconds(5);
  private static final ResourceDefinitionContext REPORTS = new ResourceDefinitionContext.Builder()
      .withGroup("openreports.io").withVersion("v1alpha1").withKind("Report").withPlural("reports")
      .withNamespaced(true).build();

  private record Kubectl(int exit, String stdout, String stderr) {}

  @Test
  void rollout_reportThenWarnThenAuditThenEnforce_reportsWarnsAdmitsAndRefuses(KubeApiServer kube, PowerDnsServer pdns,
      @TempDir Path dir) throws Exception {
    KubernetesClient client = kube.client();
    kube.installCrds(ReportCrds.locate().openReportsFiles());
    pdns.createZone(ZONE);
    for (String ns : List.of("rollout-a", "rollout-b")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels(WEBHOOK, "yes")
          .endMetadata().build()).serverSideApply();
    }
    setAction(client, Action.ENFORCE); // until the webhook is known to be active (its probe must be refused)
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kube.kubeconfig());

    // Before dnsguard: two namespaces claim the same name.
    HTTPRoute owner = client.resource(route("rollout-a", "api")).create();
    // creationTimestamp has one-second resolution: a tie would be decided by uid, not by order.
    while (!java.time.Instant.now().isAfter(java.time.Instant.parse(owner.getMetadata().getCreationTimestamp()).plusSeconds(1))) {
      Thread.sleep(50);
    }
    client.resource(route("rollout-b", "api")).create();
    String denialMessage = "hostname \"api." + ZONE + "\" is already claimed by HTTPRoute rollout-a/api (since "
        + owner.getMetadata().getCreationTimestamp() + ")";

    PolicySource policy = PolicySource.cluster(client, POLICY);
    ClaimIndex index = new ClaimIndex();
    // Routes' names as written (this test is about actions, not Gateway attachment): no Gateways here.
    SourceInformers informers = new SourceInformers(client);
    ReconcilerMetrics reconcilerMetrics = new ReconcilerMetrics();
    AuditPublisher audit = new AuditPublisher(client, ReportTarget.AUTO, Optional.of(POLICY), policy,
        reconcilerMetrics::audited, AUDIT_INTERVAL, Clock.systemUTC());
    ReconcileLoop loop = new ReconcileLoop(policy,
        new Sources(informers::objects, index, new EndpointSource(Attachment.AS_WRITTEN)),
        new DnsTarget(PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey()))),
            DomainFilter.of(List.of(ZONE)), SyncMode.SYNC), Clock.systemUTC());
    LoopRunner runner = new LoopRunner(loop, Duration.ofMillis(200), AUDIT_INTERVAL, SyncListener.all(List.of(audit)))
        .start();
    informers.start(SourceListener.all(List.of(ClaimIndexFeeder.of(index, informers, Attachment.Mode.AS_WRITTEN),
        SourceListener.onAnyChange(runner::changed))),
        Duration.ZERO);
    WebhookMetrics webhookMetrics = new WebhookMetrics();
    RegisteredWebhook webhook = null;
    try {
      assertThat(informers.awaitSynced(Duration.ofSeconds(60))).isTrue();
      await("the policy is loaded", () -> policy.missing().isEmpty());
      long started = System.nanoTime();
      runner.ready(true);
      runner.leading(true);

      // 1. The audit finds what got in before the webhook, with the denial's message.
      await("rollout-b's report lists the conflict", () -> results(client, "rollout-b").size() == 1);
      LOG.info(() -> "the conflict was reported " + Duration.ofNanos(System.nanoTime() - started).toMillis()
          + " ms after the reconciler started (audit interval " + AUDIT_INTERVAL + ")");
      assertThat(results(client, "rollout-b")).containsExactly("HTTPRoute/api first-claim: " + denialMessage);

      // 2. Warn: kubectl prints the warning, the object is created.
      webhook = new RegisteredWebhook(client, WEBHOOK, new PolicyReviewer(policy, index,
          io.openova.dnsguard.policies.ownership.DnsView.EMPTY, DnsFailurePolicy.FAIL), webhookMetrics);
      webhook.awaitActive("rollout-a", "probe.not-managed.org");
      setAction(client, Action.WARN);
      await("the webhook reads Warn", () -> policy.get().policy().action() == Action.WARN);
      Kubectl warned = apply(kubeconfig, dir, route("rollout-b", "warned"));
      assertThat(warned.exit()).as(warned.stderr()).isZero();
      assertThat(warned.stderr()).contains(
          "Warning: dnsguard first-claim: \"api." + ZONE + "\" is claimed by HTTPRoute rollout-a/api");
      assertThat(warned.stdout()).contains("httproute.gateway.networking.k8s.io/warned created");
      assertThat(client.resources(HTTPRoute.class).inNamespace("rollout-b").withName("warned").get()).isNotNull();

      // 3. Audit: nothing printed, the object is created, the report lists it.
      setAction(client, Action.AUDIT);
      await("the webhook reads Audit", () -> policy.get().policy().action() == Action.AUDIT);
      Kubectl audited = apply(kubeconfig, dir, route("rollout-b", "audited"));
      assertThat(audited.exit()).as(audited.stderr()).isZero();
      assertThat(audited.stderr()).doesNotContain("Warning");
      assertThat(client.resources(HTTPRoute.class).inNamespace("rollout-b").withName("audited").get()).isNotNull();
      await("the report lists every later claimant", () -> results(client, "rollout-b").size() == 3);
      assertThat(results(client, "rollout-b")).containsExactly("HTTPRoute/api first-claim: " + denialMessage,
          "HTTPRoute/audited first-claim: " + denialMessage, "HTTPRoute/warned first-claim: " + denialMessage);
      assertThat(reports(client, "rollout-b")).as("one report, updated in place").hasSize(1);

      // 4. Enforce: the next one is refused with the same message.
      setAction(client, Action.ENFORCE);
      await("the webhook reads Enforce", () -> policy.get().policy().action() == Action.ENFORCE);
      Kubectl refused = apply(kubeconfig, dir, route("rollout-b", "refused"));
      assertThat(refused.exit()).isNotZero();
      assertThat(refused.stderr()).contains("admission webhook \"hostnames.dnsguard.openova.io\" denied the request")
          .contains(denialMessage);
      assertThat(client.resources(HTTPRoute.class).inNamespace("rollout-b").withName("refused").get()).isNull();

      assertThat(webhookMetrics.scrape())
          .contains("dnsguard_webhook_violations_total{action=\"Warn\",rule=\"first-claim\"} 1.0")
          .contains("dnsguard_webhook_violations_total{action=\"Audit\",rule=\"first-claim\"} 1.0")
          .contains("dnsguard_webhook_violations_total{action=\"Enforce\",rule=\"first-claim\"} 1.0")
          .contains("dnsguard_webhook_review_duration_seconds_bucket{decision=\"warned\",kind=\"HTTPRoute\",operation=\"CREATE\"");
    } finally {
      if (webhook != null) {
        webhook.close();
      }
      runner.close();
      audit.close();
      informers.close();
      policy.close();
    }
  }

  private static HTTPRoute route(String namespace, String name) {
    return new HTTPRouteBuilder().withApiVersion("gateway.networking.k8s.io/v1").withKind("HTTPRoute")
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withHostnames("api." + ZONE).endSpec().build();
  }

  private static void setAction(KubernetesClient client, Action action) {
    String yaml = """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: %s}
        spec:
          ownerId: rollout
          txtPrefix: "_externaldns."
          action: %s
          domains:
            - {suffix: %s, namespaces: [rollout-a, rollout-b]}
        """.formatted(POLICY, action.spelling(), ZONE);
    client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).fieldManager("rollout-test")
        .forceConflicts().serverSideApply();
  }

  /** The real {@code kubectl apply -f}, as a person runs it. */
  private static Kubectl apply(Path kubeconfig, Path dir, HTTPRoute route) throws Exception {
    Path file = Files.writeString(dir.resolve(route.getMetadata().getName() + ".yaml"),
        io.fabric8.kubernetes.client.utils.Serialization.asYaml(route));
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    Process process = new ProcessBuilder(List.of(Testbin.locate().kubectl().toString(),
        "--kubeconfig", kubeconfig.toString(), "apply", "-f", file.toString()))
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl apply did not finish");
    }
    return new Kubectl(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  private static List<GenericKubernetesResource> reports(KubernetesClient client, String namespace) {
    return client.genericKubernetesResources(REPORTS).inNamespace(namespace)
        .withLabel("app.kubernetes.io/managed-by", "dnsguard").list().getItems();
  }

  /** "Kind/name rule: message" of every result in the namespace's reports, sorted. */
  @SuppressWarnings("unchecked")
  private static List<String> results(KubernetesClient client, String namespace) {
    List<String> results = new ArrayList<>();
    for (GenericKubernetesResource report : reports(client, namespace)) {
      for (Map<String, Object> result : (List<Map<String, Object>>) report.getAdditionalProperties()
          .getOrDefault("results", List.of())) {
        Map<String, Object> resource = ((List<Map<String, Object>>) result.get("resources")).getFirst();
        results.add(resource.get("kind") + "/" + resource.get("name") + " " + result.get("rule") + ": " + result.get("message"));
      }
    }
    return results.stream().sorted().toList();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
