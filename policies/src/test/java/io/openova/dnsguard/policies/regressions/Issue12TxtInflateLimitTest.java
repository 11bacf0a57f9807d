package io.openova.dnsguard.policies.regressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.registry.DecodedTxt;
import io.openova.dnsguard.policies.registry.TxtEncryption;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a TXT record sealed with the encryption key inflated without bound when read (gzip
 * expands ~1000:1, so a 10 KB record became 10 MB, on every read of the zone). Decrypted content now
 * stops at 64 KiB: beyond that the record is refused with a clear reason and, read as an ownership
 * record, is unreadable — someone's, never ours, never "no owner".
 */
class Issue12TxtInflateLimitTest {
  private static final TxtEncryption KEY = TxtEncryption.ofKey("0123456789abcdef0123456789abcdef");
  private static final String OWNERSHIP = "heritage=external-dns,external-dns/owner=a,external-dns/resource=crd/ns/x,";

  @Test
  void decrypt_contentInflatingBeyondTheCap_refusedWithTheLimit() {
    String bomb = KEY.encrypt(OWNERSHIP + "a".repeat(10 * 1024 * 1024));
    assertThat(bomb.length()).as("the sealed record stays small").isLessThan(64 * 1024);

    assertThatThrownBy(() -> KEY.decrypt(bomb))
        .isInstanceOf(TxtEncryption.TooLargeException.class)
        .hasMessage("encrypted TXT content inflates beyond 64 KiB (an ownership record is a few hundred bytes): not read");
  }

  @Test
  void decrypt_contentOfExactlyTheCap_opens() {
    String plain = "a".repeat(TxtEncryption.MAX_PLAIN_BYTES);
    assertThat(KEY.decrypt(KEY.encrypt(plain))).contains(plain);
  }

  @Test
  void decode_ownershipRecordInflatingBeyondTheCap_isMalformedNamingTheLimit() {
    String bomb = '"' + KEY.encrypt(OWNERSHIP + "a".repeat(10 * 1024 * 1024)) + '"';

    DecodedTxt decoded = TxtRecordCodec.encrypted(KEY).decode(bomb);

    assertThat(decoded).isInstanceOfSatisfying(DecodedTxt.Malformed.class,
        malformed -> assertThat(malformed.reason()).contains("inflates beyond 64 KiB"));
  }
}
