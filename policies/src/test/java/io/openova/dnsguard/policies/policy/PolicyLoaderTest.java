package io.openova.dnsguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.registry.TxtFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

  @Test
  void load_shippedExample_readsEveryField() throws Exception {
    DnsPolicy policy = PolicyLoader.load(Path.of("examples/policy.yaml"));
    assertThat(policy.name()).isEqualTo("default");
    assertThat(policy.ownerId()).isEqualTo("openova");
    assertThat(policy.txt()).isEqualTo(new TxtSettings("_externaldns.", "", TxtFormat.NEW, ""));
    assertThat(policy.unmanagedDomains()).isEqualTo(UnmanagedDomains.DENY);
    assertThat(policy.domains()).extracting(d -> d.suffix().value())
        .containsExactly("shop.example.com", "dev.example.org", "example.com");
    assertThat(policy.domainFor(Hostname.of("a.shop.example.com")).orElseThrow().wildcards()).isEqualTo(WildcardPolicy.DENY);
    assertThat(policy.isSharedWith(Hostname.of("www.example.com"), "team-b")).isTrue();
  }

  @Test
  void fromMap_clusterResourceShape_sameResult() throws Exception {
    Map<String, Object> resource = Map.of(
        "apiVersion", "dnsguard.openova.io/v1alpha1",
        "kind", "DNSPolicy",
        "metadata", Map.of("name", "cluster", "uid", "1234", "resourceVersion", "7"),
        "spec", Map.of("ownerId", "c1", "txtSuffix", "-%{record_type}", "txtFormat", "old",
            "domains", List.of(Map.of("suffix", "Example.COM.", "namespaceSelector",
                Map.of("matchExpressions", List.of(Map.of("key", "tier", "operator", "Exists")))))));
    DnsPolicy policy = PolicyLoader.fromMap(resource, "DNSPolicy/cluster");
    assertThat(policy.txt().format()).isEqualTo(TxtFormat.OLD);
    DomainRule rule = policy.domains().getFirst();
    assertThat(rule.suffix()).isEqualTo(Hostname.of("example.com"));
    assertThat(rule.admits("any", Map.of("tier", "x"))).isTrue();
    assertThat(rule.admits("any", Map.of())).isFalse();
  }

  @Test
  void fromMap_unknownField_namesSourceAndField() {
    Map<String, Object> resource = Map.of("apiVersion", "dnsguard.openova.io/v1alpha1", "kind", "DNSPolicy",
        "spec", Map.of("ownerId", "x", "ownerID", "typo"));
    assertThatThrownBy(() -> PolicyLoader.fromMap(resource, "DNSPolicy/default"))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("DNSPolicy/default: spec.ownerID: ");
  }

  @Test
  void fromMap_prefixAndSuffix_mutuallyExclusive() {
    Map<String, Object> resource = Map.of("apiVersion", "dnsguard.openova.io/v1alpha1", "kind", "DNSPolicy",
        "spec", Map.of("ownerId", "x", "txtPrefix", "p.", "txtSuffix", "-s"));
    assertThatThrownBy(() -> PolicyLoader.fromMap(resource, "p"))
        .hasMessage("p: spec.txtSuffix: txtPrefix and txtSuffix are mutually exclusive (as in external-dns)");
  }

  @Test
  void fromMap_wildcardSuffix_rejected() {
    Map<String, Object> resource = Map.of("apiVersion", "dnsguard.openova.io/v1alpha1", "kind", "DNSPolicy",
        "spec", Map.of("ownerId", "x", "domains", List.of(Map.of("suffix", "*.example.com"))));
    assertThatThrownBy(() -> PolicyLoader.fromMap(resource, "p")).hasMessageContaining("spec.domains[0].suffix: a domain suffix must not be a wildcard");
  }

  @Test
  void selector_inWithoutValues_rejected() {
    Map<String, Object> resource = Map.of("apiVersion", "dnsguard.openova.io/v1alpha1", "kind", "DNSPolicy",
        "spec", Map.of("ownerId", "x", "domains", List.of(Map.of("suffix", "example.com", "namespaceSelector",
            Map.of("matchExpressions", List.of(Map.of("key", "k", "operator", "In")))))));
    assertThatThrownBy(() -> PolicyLoader.fromMap(resource, "p"))
        .hasMessage("p: spec.domains[0].namespaceSelector.matchExpressions[0]: operator IN needs values");
  }

  @Test
  void domainFor_longestSuffixWins() throws Exception {
    DnsPolicy policy = PolicyLoader.fromMap(Map.of("apiVersion", "dnsguard.openova.io/v1alpha1", "kind", "DNSPolicy",
        "spec", Map.of("ownerId", "x", "domains", List.of(
            Map.of("suffix", "example.com", "namespaces", List.of("a")),
            Map.of("suffix", "team.example.com", "namespaces", List.of("b"))))), "p");
    assertThat(policy.domainFor(Hostname.of("x.team.example.com")).orElseThrow().namespaces()).containsExactly("b");
    assertThat(policy.domainFor(Hostname.of("xteam.example.com")).orElseThrow().namespaces()).containsExactly("a");
    assertThat(policy.domainFor(Hostname.of("example.org"))).isEmpty();
  }

  @Test
  void fromText_tagTheComposerRefuses_invalidYamlAtItsLine() {
    // Found by PolicyLoaderFuzzTest: snakeyaml-engine threw an unchecked IllegalArgumentException for "!%1".
    assertThatThrownBy(() -> PolicyLoader.fromText("!%1", "p.yaml"))
        .isInstanceOf(PolicyException.class).hasMessage("p.yaml:1: invalid YAML: a tag is empty or begins or ends with a space or control character");
    assertThatThrownBy(() -> PolicyLoader.fromText("apiVersion: dnsguard.openova.io/v1alpha1\nkind: !%20 DNSPolicy\n", "p.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageStartingWith("p.yaml:2: invalid YAML: a tag is empty");
  }
}
