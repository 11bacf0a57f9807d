package io.openova.dnsguard.policies.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** The policy loader against any text: a policy or a {@link PolicyException}, nothing else (no stack overflow). */
class PolicyLoaderFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void fromText_anyText_loadsOrSaysWhy(byte[] bytes) {
    try {
      PolicyLoader.fromText(new String(bytes, StandardCharsets.UTF_8), "fuzz.yaml");
    } catch (PolicyException expected) {
      // a clear error is the answer to bad input
    }
  }
}
