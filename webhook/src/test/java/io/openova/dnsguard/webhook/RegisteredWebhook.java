package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.certs.tls.CertificateSource;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import io.openova.dnsguard.kube.ops.HealthState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A dnsguard webhook server on loopback, registered in a real API server the way the Helm chart
 * registers it (every guarded kind, CREATE and UPDATE), for namespaces labelled
 * {@code <name>=yes}. Closing it unregisters and stops it.
 */
final class RegisteredWebhook implements AutoCloseable {
  private final KubernetesClient client;
  private final String name;
  private final WebhookServer server;

  RegisteredWebhook(KubernetesClient client, String name, Reviewer reviewer) throws InterruptedException {
    this(client, name, reviewer, new WebhookMetrics());
  }

  RegisteredWebhook(KubernetesClient client, String name, Reviewer reviewer, WebhookMetrics metrics)
      throws InterruptedException {
    this.client = client;
    this.name = name;
    var certificates = CertificateIssuer.create(Clock.systemUTC())
        .issueAll(ServingIdentity.of("dnsguard-webhook", "dnsguard").withIpAddresses(List.of("127.0.0.1")));
    TlsMaterial material = TlsMaterial.of(certificates);
    server = WebhookServer.start("127.0.0.1", 0, 0, CertificateSource.fixed(material), reviewer,
        new HealthState(), metrics);
    client.resource(WebhookRegistration.forUrl(name, "https://127.0.0.1:" + server.tlsPort() + "/validate",
        Base64.getEncoder().encodeToString(material.caBundlePem().getBytes(StandardCharsets.US_ASCII)),
        new LabelSelectorBuilder().addToMatchLabels(name, "yes").build(), "Fail", 5)).create();
  }

  /**
   * The API server loads webhook configurations asynchronously: waits until creating a route for
   * {@code refusedHost} in {@code namespace} is refused with a message naming it.
   */
  void awaitActive(String namespace, String refusedHost) throws InterruptedException {
    HTTPRoute probe = new HTTPRouteBuilder().withNewMetadata().withName("probe").withNamespace(namespace).endMetadata()
        .withNewSpec().withHostnames(refusedHost).endSpec().build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        client.resource(probe).create();
        client.resource(probe).delete();
      } catch (KubernetesClientException e) {
        if (e.getMessage().contains(refusedHost)) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the webhook " + name + " never became active");
  }

  @Override
  public void close() {
    client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).delete();
    server.close();
  }
}
