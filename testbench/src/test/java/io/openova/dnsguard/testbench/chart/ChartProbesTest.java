package io.openova.dnsguard.testbench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probes the seed settled on after its cold-start incident, plus a startup probe, on both
 * halves; and overriding one field keeps the rest (the defaults live in the template and the
 * user's map is merged over them).
 */
class ChartProbesTest {

  @ParameterizedTest
  @ValueSource(strings = {"webhook", "reconciler"})
  void probes_withDefaults_followTheSeedAndGiveTheCacheSyncTenMinutes(String component) {
    Container container = Charts.render("pr", "pr", Map.of()).container("pr-dnsguard-" + component);

    Probe liveness = container.getLivenessProbe();
    assertThat(liveness.getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(liveness.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(liveness.getInitialDelaySeconds()).isEqualTo(180);
    assertThat(liveness.getPeriodSeconds()).isEqualTo(30);
    assertThat(liveness.getFailureThreshold()).isEqualTo(3);

    Probe readiness = container.getReadinessProbe();
    assertThat(readiness.getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(readiness.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(readiness.getInitialDelaySeconds()).isEqualTo(30);

    Probe startup = container.getStartupProbe();
    assertThat(startup.getHttpGet().getPath()).isEqualTo("/startupz");
    assertThat(startup.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    // Liveness only starts once the startup probe passed; until then a cold, CPU-saturated API
    // server gets the whole --cache-sync-timeout (10m) before the kubelet would restart the pod.
    assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(600);

    assertThat(container.getPorts()).anySatisfy(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getContainerPort()).isEqualTo(8080);
    });
  }

  @Test
  void livenessProbe_periodSecondsOverriddenBySet_keepsPathPortAndOtherFields() {
    Container container = Charts.render("pr", "pr", Map.of("webhook.livenessProbe.periodSeconds", 10))
        .container("pr-dnsguard-webhook");

    Probe liveness = container.getLivenessProbe();
    assertThat(liveness.getPeriodSeconds()).isEqualTo(10);
    assertThat(liveness.getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(liveness.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(liveness.getInitialDelaySeconds()).isEqualTo(180);
    assertThat(liveness.getFailureThreshold()).isEqualTo(3);
    assertThat(liveness.getTimeoutSeconds()).isEqualTo(5);
    // The other probes are untouched.
    assertThat(container.getReadinessProbe().getPeriodSeconds()).isEqualTo(10);
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/startupz");
  }

  @Test
  void probes_overriddenByAValuesFileWithPartialMaps_keepTheDefaultsOfTheOtherFields() {
    Rendered rendered = Charts.render("pr", "pr", Map.of(), List.of(Charts.resource("probe-overrides.yaml")));

    Probe liveness = rendered.container("pr-dnsguard-reconciler").getLivenessProbe();
    assertThat(liveness.getPeriodSeconds()).isEqualTo(15);
    assertThat(liveness.getFailureThreshold()).isEqualTo(4);
    assertThat(liveness.getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(liveness.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(liveness.getInitialDelaySeconds()).isEqualTo(180);

    Probe startup = rendered.container("pr-dnsguard-reconciler").getStartupProbe();
    assertThat(startup.getFailureThreshold()).isEqualTo(90);
    assertThat(startup.getHttpGet().getPath()).isEqualTo("/startupz");
    assertThat(startup.getPeriodSeconds()).isEqualTo(10);

    // The webhook's probes are not the reconciler's: untouched.
    assertThat(rendered.container("pr-dnsguard-webhook").getLivenessProbe().getPeriodSeconds()).isEqualTo(30);
  }
}
