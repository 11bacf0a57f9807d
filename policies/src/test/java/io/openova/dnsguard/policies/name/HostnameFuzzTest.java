package io.openova.dnsguard.policies.name;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The hostname parser against any string (Jazzer: corpus in {@code HostnameFuzzTestInputs}; fuzzed
 * for a fixed time in CI by {@code tools/fuzz.sh}): it never throws, and a valid name is canonical.
 */
class HostnameFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void parse_anyString_neverThrowsAndCanonicalFormIsStable(byte[] bytes) {
    String input = new String(bytes, StandardCharsets.UTF_8);
    switch (Hostname.parse(input)) {
      case ParsedHostname.Valid valid -> {
        String canonical = valid.hostname().value();
        assertThat(canonical.length()).isLessThanOrEqualTo(253);
        assertThat(Hostname.parse(canonical)).isEqualTo(new ParsedHostname.Valid(valid.hostname()));
      }
      case ParsedHostname.Invalid invalid -> assertThat(invalid.message()).isNotEmpty();
    }
  }
}
