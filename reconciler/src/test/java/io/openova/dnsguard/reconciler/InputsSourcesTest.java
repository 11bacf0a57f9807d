package io.openova.dnsguard.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.policies.claim.SourceKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code --source}, named as external-dns names its sources. */
class InputsSourcesTest {

  private static Arguments args(Map<String, String> env, String... args) {
    return Arguments.parse(List.of(args), Reconciler.RUN_OPTIONS, Reconciler.REPEATABLE, Reconciler.RUN_FLAGS)
        .withEnvironment(env);
  }

  @Test
  void none_watchesEveryKind() {
    assertThat(Inputs.sources(args(Map.of()))).isEqualTo(EnumSet.allOf(SourceKind.class));
  }

  @Test
  void repeated_watchesThoseKinds() {
    assertThat(Inputs.sources(args(Map.of(), "--source", "crd", "--source", "gateway-httproute", "--source", "crd")))
        .containsExactlyInAnyOrder(SourceKind.DNS_ENDPOINT, SourceKind.HTTP_ROUTE);
  }

  @Test
  void fromTheEnvironment_aCommaList() {
    assertThat(Inputs.sources(args(Map.of("DNSGUARD_SOURCE", "ingress, service"))))
        .containsExactlyInAnyOrder(SourceKind.INGRESS, SourceKind.SERVICE);
  }

  @Test
  void externalDnsNames_everyKindHasOne() {
    for (SourceKind kind : SourceKind.values()) {
      assertThat(Inputs.sources(args(Map.of(), "--source", kind.sourceName()))).containsExactly(kind);
    }
    assertThat(SourceKind.GRPC_ROUTE.sourceName()).isEqualTo("gateway-grpcroute");
    assertThat(SourceKind.DNS_ENDPOINT.sourceName()).isEqualTo("crd");
  }

  @Test
  void aSourceDnsguardDoesNotWatch_isAUsageErrorNamingTheKnownOnes() {
    assertThatThrownBy(() -> Inputs.sources(args(Map.of(), "--source", "crd", "--source", "pod")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--source \"pod\": not a source dnsguard watches")
        .hasMessageContaining("gateway-udproute");
  }
}
