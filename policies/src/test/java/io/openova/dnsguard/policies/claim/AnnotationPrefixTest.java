package io.openova.dnsguard.policies.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.policy.YamlDocuments;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --annotation-prefix}: which annotation names claim, for the whole process. */
class AnnotationPrefixTest {
  private static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata:
        name: s
        namespace: n
        annotations:
          external-dns.alpha.kubernetes.io/hostname: legacy.example.com
          external-dns.kubernetes.io/hostname: current.example.com
          dns.platform.example/hostname: custom.example.com
          dns.platform.example/ttl: "60"
      """;

  @AfterEach
  void defaults() {
    ExternalDnsAnnotations.usePrefixes(ExternalDnsAnnotations.DEFAULT_PREFIXES);
  }

  private static List<String> claimed() throws Exception {
    Optional<Extraction> extraction = SourceObject.of(
        KubernetesObjects.fromTree(YamlDocuments.parse(SERVICE).getFirst().tree())).map(ClaimExtractor::extract);
    return extraction.map(e -> e.claims().stream().map(c -> c.hostname().value()).toList()).orElse(List.of());
  }

  @Test
  void defaults_bothExternalDnsPrefixesClaim_othersDoNot() throws Exception {
    assertThat(claimed()).containsExactlyInAnyOrder("legacy.example.com", "current.example.com");
  }

  @Test
  void ownPrefix_onlyItsAnnotationsClaim_andItsTtlIsRead() throws Exception {
    ExternalDnsAnnotations.usePrefixes(List.of("dns.platform.example/"));

    assertThat(claimed()).containsExactly("custom.example.com");
    assertThat(ExternalDnsAnnotations.ttlSeconds(java.util.Map.of("dns.platform.example/ttl", "60"))).hasValue(60);
  }

  @Test
  void newPrefixOnly_asExternalDns023WithoutTheLegacyFlag() throws Exception {
    ExternalDnsAnnotations.usePrefixes(List.of("external-dns.kubernetes.io/"));

    assertThat(claimed()).containsExactly("current.example.com");
  }

  @Test
  void usePrefixes_notADnsSubdomainWithSlash_refusedNamingIt() {
    assertThatThrownBy(() -> ExternalDnsAnnotations.usePrefixes(List.of("external-dns.kubernetes.io")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"external-dns.kubernetes.io\"");
    assertThatThrownBy(() -> ExternalDnsAnnotations.usePrefixes(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ExternalDnsAnnotations.prefixes()).isEqualTo(ExternalDnsAnnotations.DEFAULT_PREFIXES);
  }
}
