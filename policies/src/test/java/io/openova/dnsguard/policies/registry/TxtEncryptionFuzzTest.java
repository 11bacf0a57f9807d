package io.openova.dnsguard.policies.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * AES-GCM TXT encryption: any text sealed with any nonce opens to itself, and any other input
 * (tampered, truncated, not base64) opens to nothing instead of throwing.
 */
class TxtEncryptionFuzzTest {
  private static final TxtEncryption KEY = TxtEncryption.ofKey("0123456789abcdef0123456789abcdef");

  @FuzzTest(maxDuration = "30s")
  void decrypt_anyInputOrSealedText_opensOnlyWhatWasSealed(FuzzedDataProvider data) {
    byte[] nonce = data.consumeBytes(12);
    String text = data.consumeRemainingAsString();
    assertThat(KEY.decrypt(text)).isNotNull();
    if (nonce.length == 12) {
      assertThat(KEY.decrypt(KEY.encrypt(text, nonce))).contains(text);
    }
  }
}
