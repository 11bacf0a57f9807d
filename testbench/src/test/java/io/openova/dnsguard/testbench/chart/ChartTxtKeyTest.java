package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** values.txtEncryption: the AES key of encrypted TXT ownership records, from a Secret, by file only. */
class ChartTxtKeyTest {
  private static final String NS = "dnsguard-system";
  private static final List<String> HALVES = List.of("dg-dnsguard-webhook", "dg-dnsguard-reconciler");

  @Test
  void aesKeySecret_mountedReadOnlyIntoBothHalvesAndNamedByFile() {
    Rendered rendered = Charts.render("dg", NS, Map.of("txtEncryption.aesKeySecret.name", "region-keys",
        "txtEncryption.aesKeySecret.key", "edns-aes"));

    for (String half : HALVES) {
      PodSpec pod = rendered.one(Deployment.class, half).getSpec().getTemplate().getSpec();
      Container container = pod.getContainers().getFirst();
      assertThat(container.getArgs()).as(half)
          .containsSequence("--txt-encrypt-aes-key-file", "/etc/dnsguard/txt-key/edns-aes");
      assertThat(container.getEnv()).as(half).noneMatch(e -> e.getName().contains("AES"));
      assertThat(container.getVolumeMounts()).as(half).anySatisfy(m -> {
        assertThat(m.getName()).isEqualTo("txt-key");
        assertThat(m.getMountPath()).isEqualTo("/etc/dnsguard/txt-key");
        assertThat(m.getReadOnly()).isTrue();
      });
      assertThat(pod.getVolumes()).as(half).filteredOn(v -> v.getName().equals("txt-key")).singleElement()
          .satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("region-keys");
            assertThat(v.getSecret().getItems()).singleElement().satisfies(i -> assertThat(i.getKey()).isEqualTo("edns-aes"));
          });
    }
  }

  @Test
  void withDefaults_noKeyNoMount() {
    Rendered rendered = Charts.render("dg", NS, Map.of());

    for (String half : HALVES) {
      PodSpec pod = rendered.one(Deployment.class, half).getSpec().getTemplate().getSpec();
      assertThat(pod.getContainers().getFirst().getArgs()).as(half).doesNotContain("--txt-encrypt-aes-key-file");
      assertThat(pod.getVolumes()).as(half).noneMatch(v -> v.getName().equals("txt-key"));
    }
  }
}
