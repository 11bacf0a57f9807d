package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The whole admission chain on this machine: real kube-apiserver → HTTPS webhook → denial. */
@RealKubeApiServer
class AdmissionChainSmokeTest {

  @Test
  void create_inWatchedNamespace_isRejectedWithTheHandlersMessage(KubernetesClient client) throws Exception {
    String name = "smoke-chain";
    client.namespaces().resource(new NamespaceBuilder()
        .withNewMetadata().withName(name).addToLabels("smoke", name).endMetadata().build()).create();
    try (DenyingTestWebhook webhook = new DenyingTestWebhook("127.0.0.1", "localhost")) {
      client.resource(webhook.configuration(name, "https://127.0.0.1:" + webhook.port() + "/validate")).create();
      try {
        var configMap = new ConfigMapBuilder()
            .withNewMetadata().withName("probe").withNamespace(name).endMetadata()
            .addToData("k", "v").build();
        KubernetesClientException denial = DenyingTestWebhook.awaitDenial(client, configMap, Duration.ofSeconds(30));

        assertThat(denial.getCode()).isEqualTo(403);
        assertThat(denial.getMessage())
            .contains("admission webhook \"smoke.dnsguard.openova.io\" denied the request")
            .contains(DenyingTestWebhook.MESSAGE);
        assertThat(client.configMaps().inNamespace(name).withName("probe").get()).isNull();
      } finally {
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).delete();
      }
    }
  }

}
