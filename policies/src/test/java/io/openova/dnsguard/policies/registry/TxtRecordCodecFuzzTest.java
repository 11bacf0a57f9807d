package io.openova.dnsguard.policies.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** The TXT decoder, plain and encrypted, against any content a zone may hold: it never throws. */
class TxtRecordCodecFuzzTest {
  private static final TxtRecordCodec PLAIN = TxtRecordCodec.plain();
  private static final TxtRecordCodec ENCRYPTED = TxtRecordCodec.encrypted(TxtEncryption.ofKey("0123456789abcdef0123456789abcdef"));

  @FuzzTest(maxDuration = "30s")
  void decode_anyContent_neverThrows(byte[] bytes) {
    String content = new String(bytes, StandardCharsets.UTF_8);
    assertThat(PLAIN.decode(content)).isNotNull();
    assertThat(ENCRYPTED.decode(content)).isNotNull();
  }
}
