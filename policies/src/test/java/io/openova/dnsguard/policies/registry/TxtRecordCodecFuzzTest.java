package io.openova.dnsguard.policies.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The TXT decoder, plain and encrypted, against any content a zone may hold: it never throws, and
 * what it encodes it reads back.
 */
class TxtRecordCodecFuzzTest {
  private static final TxtEncryption KEY = TxtEncryption.ofKey("0123456789abcdef0123456789abcdef");
  private static final TxtRecordCodec PLAIN = TxtRecordCodec.plain();
  private static final TxtRecordCodec ENCRYPTED = TxtRecordCodec.encrypted(KEY);

  @FuzzTest(maxDuration = "30s")
  void decode_anyContent_neverThrows(byte[] bytes) {
    String content = new String(bytes, StandardCharsets.UTF_8);
    assertThat(PLAIN.decode(content)).isNotNull();
    assertThat(ENCRYPTED.decode(content)).isNotNull();
    assertThat(KEY.decrypt(content)).isNotNull();
  }

  @FuzzTest(maxDuration = "30s")
  void encryptThenDecrypt_anyText_roundTrips(FuzzedDataProvider data) {
    byte[] nonce = data.consumeBytes(12);
    String plain = data.consumeRemainingAsString();
    if (nonce.length == 12) {
      assertThat(KEY.decrypt(KEY.encrypt(plain, nonce))).contains(plain);
    }
  }
}
