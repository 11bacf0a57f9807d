package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code dnsguard serve} process, self-managing its certificate Secret and injecting the
 * caBundle, killed with SIGKILL and started again: the API server follows the configured
 * failurePolicy while it is down, and admissions work again once it is back, with no manual step.
 */
@RealKubeApiServer
class WebhookOutageTest {
  private static final String NAMESPACE = "outage";
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static Path policy;

  @BeforeAll
  static void setUp(KubernetesClient client, @TempDir Path dir) throws Exception {
    for (String ns : List.of(NAMESPACE, "dnsguard-outage")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
          .addToLabels("outage", ns.equals(NAMESPACE) ? "yes" : "no").endMetadata().build()).create();
    }
    policy = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: outage}
        spec:
          ownerId: outage
          domains:
            - suffix: example.io
              namespaces: [outage]
        """);
  }

  private static void register(KubernetesClient client, String name, int port, String failurePolicy) {
    // No caBundle: the serve process injects its self-managed CA.
    client.resource(WebhookRegistration.forUrl(name, "https://127.0.0.1:" + port + "/validate", null,
        new LabelSelectorBuilder().addToMatchLabels("outage", "yes").build(), failurePolicy, 3)).create();
  }

  /** A Service naming {@code host}: its name does not depend on a Gateway (a route's would need one to attach to). */
  private static Service route(String host) {
    return new ServiceBuilder().withNewMetadata().withName("r-" + NAMES.incrementAndGet()).withNamespace(NAMESPACE)
        .addToAnnotations("external-dns.alpha.kubernetes.io/hostname", host).endMetadata()
        .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build();
  }

  /** Retries until {@code expectation} holds for a create of a route to {@code host}: the API server reacts asynchronously. */
  private static String awaitCreate(KubernetesClient client, String host, boolean expectAdmitted, String messagePart)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        client.resource(route(host)).create();
        last = "admitted";
        if (expectAdmitted) {
          return last;
        }
      } catch (KubernetesClientException e) {
        last = e.getMessage();
        if (!expectAdmitted && last.contains(messagePart)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("expected " + (expectAdmitted ? "admission" : "refusal with \"" + messagePart + "\"")
        + " of " + host + ", last outcome: " + last);
  }

  private ServeProcess serve(KubeApiServer kube, Path dir, String webhook) throws Exception {
    return new ServeProcess(kube, dir, List.of("--policy-file", policy.toString(),
        "--certs", "self-managed", "--tls-secret", "dnsguard-outage/" + webhook + "-tls",
        "--service", "dnsguard-webhook", "--namespace", "dnsguard-outage", "--webhook-config", webhook,
        "--ip", "127.0.0.1", "--cache-sync-timeout", "30s"));
  }

  @Test
  void failurePolicyFail_webhookKilled_refusesUntilItIsBack(KubeApiServer kube, @TempDir Path dir) throws Exception {
    KubernetesClient client = kube.client();
    try (ServeProcess serve = serve(kube, dir, "outage-fail")) {
      register(client, "outage-fail", serve.tlsPort(), "Fail");
      serve.start(Duration.ofSeconds(90));
      awaitCreate(client, "forbidden.elsewhere.org", false, "forbidden.elsewhere.org");
      awaitCreate(client, "ok-1.example.io", true, "");

      serve.kill();
      assertThat(awaitCreate(client, "while-down.example.io", false, "failed calling webhook"))
          .contains("hostnames.dnsguard.openova.io");

      serve.start(Duration.ofSeconds(90));
      awaitCreate(client, "ok-2.example.io", true, "");
      awaitCreate(client, "forbidden-again.elsewhere.org", false, "forbidden-again.elsewhere.org");
    } finally {
      client.admissionRegistration().v1().validatingWebhookConfigurations().withName("outage-fail").delete();
    }
  }

  @Test
  void failurePolicyIgnore_webhookKilled_admitsWhileDown(KubeApiServer kube, @TempDir Path dir) throws Exception {
    KubernetesClient client = kube.client();
    try (ServeProcess serve = serve(kube, dir, "outage-ignore")) {
      register(client, "outage-ignore", serve.tlsPort(), "Ignore");
      serve.start(Duration.ofSeconds(90));
      awaitCreate(client, "ignored.elsewhere.org", false, "ignored.elsewhere.org");

      serve.kill();
      awaitCreate(client, "unguarded.elsewhere.org", true, "");

      serve.start(Duration.ofSeconds(90));
      awaitCreate(client, "guarded-again.elsewhere.org", false, "guarded-again.elsewhere.org");
    } finally {
      client.admissionRegistration().v1().validatingWebhookConfigurations().withName("outage-ignore").delete();
    }
  }
}
