package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.Testcontainers;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The admission smoke test against k3s in a container, for machines with a Docker engine. Where
 * there is none, JUnit reports this class as skipped (visibly, with the reason); the envtest-style
 * {@link AdmissionChainSmokeTest} covers the chain everywhere.
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
class AdmissionChainK3sTest {

  @Container
  static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.35.4-k3s1"));

  @Test
  void create_inWatchedNamespace_isRejectedWithTheHandlersMessage() throws Exception {
    try (DenyingTestWebhook webhook = new DenyingTestWebhook("0.0.0.0", "host.testcontainers.internal");
        KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build()) {
      Testcontainers.exposeHostPorts(webhook.port());
      String name = "smoke-k3s";
      client.namespaces().resource(new NamespaceBuilder()
          .withNewMetadata().withName(name).addToLabels("smoke", name).endMetadata().build()).create();
      client.resource(webhook.configuration(name,
          "https://host.testcontainers.internal:" + webhook.port() + "/validate")).create();

      var configMap = new ConfigMapBuilder()
          .withNewMetadata().withName("probe").withNamespace(name).endMetadata().build();
      KubernetesClientException denial =
          DenyingTestWebhook.awaitDenial(client, configMap, Duration.ofSeconds(60));
      assertThat(denial.getMessage()).contains(DenyingTestWebhook.MESSAGE);
    }
  }
}
