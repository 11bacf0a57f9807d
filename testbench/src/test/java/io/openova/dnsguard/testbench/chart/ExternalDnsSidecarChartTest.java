package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.testbench.HelmChart;
import io.openova.dnsguard.testbench.MissingPartException;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code chart/examples/external-dns-webhook-sidecar-seed.yaml} rendered with the UPSTREAM
 * external-dns chart (from the external-dns v0.21.0 Go module the test setup downloads): dnsguard
 * runs as its webhook-provider sidecar on loopback, and the API server accepts every object.
 */
@RealKubeApiServer
class ExternalDnsSidecarChartTest {
  private static final Path VALUES = Path.of("../chart/examples/external-dns-webhook-sidecar-seed.yaml");

  /** The upstream chart inside the external-dns module (tools/testbin/build.sh downloads the module). */
  static Path upstreamChart() {
    try {
      Process go = new ProcessBuilder("go", "mod", "download", "-json", "sigs.k8s.io/external-dns@v0.21.0")
          .directory(Files.createTempDirectory("edns-mod").toFile()).redirectErrorStream(true).start();
      String out = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher dir = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"").matcher(out);
      if (go.waitFor() != 0 || !dir.find()) {
        throw new MissingPartException("cannot locate the external-dns v0.21.0 module (run tools/testbin/build.sh): " + out);
      }
      Path chart = Path.of(dir.group(1), "charts", "external-dns");
      if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
        throw new MissingPartException("no chart in " + chart);
      }
      return chart;
    } catch (IOException e) {
      throw new MissingPartException("cannot run go to locate the external-dns chart: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void seedSidecarValues_runDnsguardProviderOnLoopback_andTheApiServerAcceptsEveryObject(KubernetesClient client) {
    HelmChart upstream = new HelmChart(upstreamChart(), Charts.KUBE_VERSION);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("external-dns").endMetadata().build())
        .serverSideApply();

    Rendered rendered = Rendered.parse(upstream.template("external-dns", "external-dns", Map.of(), List.of(VALUES)));

    Deployment deployment = rendered.all(Deployment.class).getFirst();
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    Container externalDns = containers.stream().filter(c -> c.getName().equals("external-dns")).findFirst().orElseThrow();
    Container sidecar = containers.stream().filter(c -> c.getName().equals("webhook")).findFirst().orElseThrow();
    assertThat(externalDns.getArgs()).contains("--provider=webhook", "--registry=txt", "--txt-owner-id=openova-region-1",
        "--txt-prefix=_externaldns.", "--policy=sync", "--webhook-provider-write-timeout=60s")
        // external-dns's default --webhook-provider-url is http://localhost:8888: where dnsguard listens
        .noneMatch(a -> a.startsWith("--webhook-provider-url"));
    assertThat(sidecar.getImage()).isEqualTo("ghcr.io/openova/dnsguard:0.1.0");
    assertThat(sidecar.getArgs()).startsWith("provider").contains("--bind=127.0.0.1", "--port=8888", "--http-port=8080",
        "--policy-name=openova", "--provider=powerdns");
    assertThat(sidecar.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("DNSGUARD_PDNS_API_KEY");
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("powerdns-api-key");
    });
    assertThat(sidecar.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(externalDns.getLivenessProbe().getInitialDelaySeconds()).isEqualTo(180);
    assertThat(rendered.all(ClusterRole.class).getFirst().getRules())
        .anySatisfy(rule -> assertThat(rule.getResources()).containsExactly("dnspolicies"));

    assertThat(HelmChart.validate(client, rendered.yamlWithout(Charts.NOT_SERVED))).isEmpty();
  }
}
