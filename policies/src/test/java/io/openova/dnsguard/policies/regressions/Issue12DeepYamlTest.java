package io.openova.dnsguard.policies.regressions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a policy (or manifest) nested a million levels deep, in flow ({@code [[[[}) or block
 * ({@code - - - -}) style, went to SnakeYAML's recursive composer before dnsguard's own depth check
 * and ended in a StackOverflowError. The depth is now counted on the flat event stream first.
 */
class Issue12DeepYamlTest {

  @Test
  void fromText_deepFlowSequences_isAPolicyErrorNamingTheDepth() {
    assertThatThrownBy(() -> PolicyLoader.fromText("[".repeat(1_000_000) + "]".repeat(1_000_000), "deep.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("deep.yaml:1: invalid YAML: document nests deeper than 64 levels");
  }

  @Test
  void fromText_deepBlockSequences_isAPolicyErrorNamingTheDepth() {
    assertThatThrownBy(() -> PolicyLoader.fromText("- ".repeat(500_000) + "x\n", "deep.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("document nests deeper than 64 levels");
  }
}
