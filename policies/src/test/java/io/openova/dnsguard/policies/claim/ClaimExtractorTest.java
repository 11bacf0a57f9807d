package io.openova.dnsguard.policies.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.policy.YamlDocuments;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ClaimExtractorTest {

  private static Extraction extract(String yaml) throws Exception {
    return ClaimExtractor.extract(KubernetesObjects.fromTree(YamlDocuments.parse(yaml).getFirst().tree())).orElseThrow();
  }

  @Test
  void extract_ingress_ruleAndTlsHostsOnceEach() throws Exception {
    Extraction extraction = extract("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: i, namespace: n, uid: u, creationTimestamp: "2026-01-01T00:00:00Z"}
        spec:
          rules: [{host: a.example.com}, {}]
          tls: [{hosts: [a.example.com, b.example.com]}]
        """);
    assertThat(extraction.claims()).extracting(c -> c.hostname().value()).containsExactly("a.example.com", "b.example.com");
    assertThat(extraction.claims().getFirst().source().field()).isEqualTo("spec.rules[0].host");
    assertThat(extraction.object().creationTimestamp()).hasToString("2026-01-01T00:00:00Z");
  }

  @Test
  void extract_targetAnnotation_setsRecordTypes() throws Exception {
    Extraction extraction = extract("""
        apiVersion: v1
        kind: Service
        metadata:
          name: s
          namespace: n
          annotations:
            external-dns.alpha.kubernetes.io/hostname: s.example.com
            external-dns.alpha.kubernetes.io/target: "192.0.2.1, 2001:db8::1"
        """);
    assertThat(extraction.claims().getFirst().recordTypes()).containsExactlyInAnyOrder(RecordType.A, RecordType.AAAA);
  }

  @Test
  void extract_dnsEndpoint_typesAndBadTargets() throws Exception {
    Extraction extraction = extract("""
        apiVersion: externaldns.k8s.io/v1alpha1
        kind: DNSEndpoint
        metadata: {name: e, namespace: n}
        spec:
          endpoints:
            - {dnsName: a.example.com, recordType: CNAME, targets: [lb.example.net]}
            - {dnsName: b.example.com, recordType: A, targets: [lb.example.net]}
            - {recordType: A}
        """);
    assertThat(extraction.claims()).containsExactly(new Claim(Hostname.of("a.example.com"), extraction.object(),
        new ClaimSource("spec.endpoints[0].dnsName"), Set.of(RecordType.CNAME)));
    assertThat(extraction.problems()).extracting(InputProblem::message)
        .containsExactly("invalid A target \"lb.example.net\"", "an endpoint needs a string dnsName");
  }

  @Test
  void extract_otherKind_empty() throws Exception {
    assertThat(ClaimExtractor.extract(KubernetesObjects.fromTree(
        YamlDocuments.parse("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}").getFirst().tree()))).isEmpty();
  }

  @ParameterizedTest(name = "ttl {0} → {1}")
  @CsvSource({"0, 0", "300, 300", "5m, 300", "1h30m, 5400", "1.5h, 5400", "90s, 90", "2147483647, 2147483647",
      "1500ms, 1", "-1, ", "5 minutes, ", "'', ", "1d, ", "2147483648, ", "m, "})
  void ttl_externalDnsForms(String text, Long seconds) {
    assertThat(TtlValue.parseSeconds(text)).isEqualTo(Optional.ofNullable(seconds));
  }

  @ParameterizedTest(name = "target {0}")
  @CsvSource({"192.0.2.1, A", "2001:db8::1, AAAA", "lb.example.net, CNAME", "LB.Example.NET., CNAME"})
  void target_types(String target, RecordType type) {
    assertThat(TargetList.typeOf(target)).contains(type);
  }

  @Test
  void target_invalid_empty() {
    for (String bad : List.of("300.1.1.1", "2001:db8::zz", "*.example.com", "a b", "::1::2")) {
      assertThat(TargetList.typeOf(bad)).as(bad).isEmpty();
    }
  }
}
