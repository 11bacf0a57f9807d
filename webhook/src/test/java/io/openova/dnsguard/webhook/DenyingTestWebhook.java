package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The trivial admission handler of the smoke tests: a Helidon HTTPS server whose certificate the
 * certs module made, denying every review with a fixed message. It proves the admission chain
 * (API server → TLS → handler → response → kubectl error) works on the machine.
 */
final class DenyingTestWebhook implements AutoCloseable {
  static final String MESSAGE = "denied by the dnsguard smoke-test handler";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ManagedCertificates certificates;
  private final WebServer server;

  /** Serves on {@code bindAddress} with a certificate for {@code dnsName} and 127.0.0.1. */
  DenyingTestWebhook(String bindAddress, String dnsName) {
    certificates = CertificateIssuer.create(Clock.systemUTC())
        .issueAll(ServingIdentity.of("dnsguard-webhook", "dnsguard")
            .withDnsNames(List.of(dnsName))
            .withIpAddresses(List.of("127.0.0.1")));
    server = WebServer.builder()
        .host(bindAddress)
        .port(0)
        .tls(Tls.builder()
            .privateKey(certificates.serving().privateKey())
            .privateKeyCertChain(List.of(certificates.serving().certificate()))
            .build())
        .routing(routing -> routing.post("/validate", (req, res) -> {
          JsonNode review = JSON.readTree(req.content().as(String.class));
          ObjectNode response = JSON.createObjectNode();
          response.put("apiVersion", "admission.k8s.io/v1");
          response.put("kind", "AdmissionReview");
          ObjectNode body = response.putObject("response");
          body.put("uid", review.path("request").path("uid").asString());
          body.put("allowed", false);
          body.putObject("status").put("code", 403).put("message", MESSAGE);
          res.header("Content-Type", "application/json").send(JSON.writeValueAsString(response));
        }))
        .build()
        .start();
  }

  int port() {
    return server.port();
  }

  /** A webhook configuration that sends ConfigMap creates in namespaces labelled {@code smoke=NAME} here. */
  ValidatingWebhookConfiguration configuration(String name, String url) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .addNewWebhook()
          .withName("smoke.dnsguard.openova.io")
          .withNewClientConfig().withUrl(url).withCaBundle(caBundle()).endClientConfig()
          .addNewRule()
            .withApiGroups("").withApiVersions("v1").withOperations("CREATE").withResources("configmaps")
          .endRule()
          .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("smoke", name).build())
          .withAdmissionReviewVersions("v1")
          .withSideEffects("None")
          .withFailurePolicy("Fail")
          .withTimeoutSeconds(5)
        .endWebhook()
        .build();
  }

  private String caBundle() {
    try {
      String pem = "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificates.authority().certificate().getEncoded())
          + "\n-----END CERTIFICATE-----\n";
      return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The API server picks up a new webhook configuration within a second or so: retry until it bites. */
  static KubernetesClientException awaitDenial(KubernetesClient client, ConfigMap configMap,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        client.resource(configMap).create();
        client.resource(configMap).delete();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403) {
          return e;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the webhook never denied a create within " + timeout);
  }

  @Override
  public void close() {
    server.stop();
  }
}
