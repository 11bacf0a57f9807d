package io.openova.dnsguard.testbench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import org.junit.jupiter.api.Test;

@RealKubeApiServer
class KubeApiServerSmokeTest {

  @Test
  void server_reportsPinnedVersion_andServesGatewayApi(KubeApiServer kube, KubernetesClient client) {
    assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v" + kube.testbin().kubernetesVersion());

    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("smoke").endMetadata().build())
        .create();
    HTTPRoute route = new HTTPRouteBuilder()
        .withNewMetadata().withName("api").withNamespace("smoke").endMetadata()
        .withNewSpec().withHostnames("api.example.com").endSpec()
        .build();
    client.resource(route).create();

    HTTPRoute read = client.resources(HTTPRoute.class).inNamespace("smoke").withName("api").get();
    assertThat(read.getSpec().getHostnames()).containsExactly("api.example.com");
    assertThat(read.getMetadata().getCreationTimestamp()).isNotBlank();
  }
}
