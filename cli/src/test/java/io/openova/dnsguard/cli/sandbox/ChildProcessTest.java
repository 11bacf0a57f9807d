package io.openova.dnsguard.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubeconfig a process in the image gets: it must work with no file of the host behind it. */
@RealKubeApiServer
class ChildProcessTest {

  @Test
  void inlinedKubeconfig_referencesNoFile_andReachesTheApiServer(KubeApiServer kube, @TempDir Path dir) throws Exception {
    Path original = Files.writeString(dir.resolve("kubeconfig"), kube.kubeconfig());
    assertThat(kube.kubeconfig()).as("the test bench's kubeconfig names its certificate files")
        .contains("client-key: ");

    String inlined = Files.readString(Path.of(ChildProcess.inlined(original, dir.resolve("serve.kubeconfig"))));

    assertThat(inlined).doesNotContainPattern("(certificate-authority|client-certificate|client-key): ")
        .contains("certificate-authority-data: ", "client-certificate-data: ", "client-key-data: ");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(inlined)).build()) {
      assertThat(client.namespaces().withName("default").get()).isNotNull();
    }
  }
}
