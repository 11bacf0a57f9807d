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
    return ClaimExtractor.extract(SourceObject.of(KubernetesObjects.fromTree(YamlDocuments.parse(yaml).getFirst().tree()))
        .orElseThrow());
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

  /** The API server's fixed form is read without the general parser: same instant, and the rest still parsed or refused. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"2026-01-01T00:00:00Z", "2024-02-29T23:59:59Z",
      "1999-12-31T23:59:59Z", "2016-12-31T23:59:60Z", "2026-01-01T00:00:00.5Z", "2026-01-01T01:00:00+01:00",
      "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-0aT00:00:00Z", "+2026-01-01T00:00Z"})
  void creationTimestamp_sameInstantAsTheGeneralParser(String text) throws Exception {
    String yaml = "{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: i, namespace: n, creationTimestamp: \""
        + text + "\"}, spec: {rules: [{host: a.example.com}]}}";
    java.time.Instant expected;
    try {
      expected = java.time.Instant.parse(text);
    } catch (java.time.format.DateTimeParseException invalid) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> extract(yaml))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an RFC 3339 time");
      return;
    }
    assertThat(extract(yaml).object().creationTimestamp()).isEqualTo(expected);
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
    assertThat(SourceObject.of(KubernetesObjects.fromTree(
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
