package io.openova.dnsguard.policies.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TxtRecordCodecTest {

  // external-dns's test keys (registry/txt/encryption_test.go): 32 raw characters, and base64.
  private static final String RAW_KEY = "passphrasewhichneedstobe32bytes!";
  private static final String BASE64_KEY = "ZPitL0NGVQBZbTD6DwXJzD8RiStSazzYXQsdUowLURY=";

  @Test
  void encode_ownerAndResource_externalDnsFormat() {
    assertThat(TxtRecordCodec.plain().encode("openova", "ingress/default/foo-127"))
        .isEqualTo("\"heritage=external-dns,external-dns/owner=openova,external-dns/resource=ingress/default/foo-127\"");
  }

  @Test
  void decode_externalDnsRecord_owned() {
    DecodedTxt decoded = TxtRecordCodec.plain().decode(
        "\"heritage=external-dns,external-dns/owner=owner-1,external-dns/resource=ingress/default/foo-127\"");
    assertThat(decoded).isEqualTo(new DecodedTxt.Owned("owner-1", "ingress/default/foo-127",
        Map.of("owner", "owner-1", "resource", "ingress/default/foo-127")));
  }

  @Test
  void decode_otherHeritage_foreign() {
    assertThat(TxtRecordCodec.plain().decode("\"heritage=mate,external-dns/owner=x\"")).isInstanceOf(DecodedTxt.Foreign.class);
  }

  @Test
  void decode_noHeritage_foreign() {
    assertThat(TxtRecordCodec.plain().decode("\"v=spf1 include:_spf.example.com -all\"")).isInstanceOf(DecodedTxt.Foreign.class);
    assertThat(TxtRecordCodec.plain().decode("external-dns/owner=x")).isInstanceOf(DecodedTxt.Foreign.class);
  }

  @Test
  void decode_heritageWithoutOwner_malformed() {
    assertThat(TxtRecordCodec.plain().decode("\"heritage=external-dns,external-dns/resource=service/a/b\""))
        .isInstanceOf(DecodedTxt.Malformed.class);
  }

  @Test
  void decode_junkTokens_skippedAsExternalDnsDoes() {
    assertThat(TxtRecordCodec.plain().decode("heritage=external-dns,garbage,a=b=c,external-dns/owner=o"))
        .isInstanceOf(DecodedTxt.Owned.class);
  }

  @Test
  void encrypted_rawAndBase64Keys_roundTrip() {
    for (String key : new String[] {RAW_KEY, BASE64_KEY}) {
      TxtRecordCodec codec = TxtRecordCodec.encrypted(TxtEncryption.ofKey(key));
      String content = codec.encode("owner-1", "ingress/default/foo-127");
      assertThat(content).doesNotContain("heritage");
      assertThat(codec.decode(content)).isEqualTo(TxtRecordCodec.plain().decode(
          TxtRecordCodec.plain().encode("owner-1", "ingress/default/foo-127")));
    }
  }

  @Test
  void encrypted_layout_nonceThenGcmOfGzip() {
    TxtEncryption encryption = TxtEncryption.ofKey(RAW_KEY);
    byte[] nonce = "0123456789ab".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String sealed = encryption.encrypt("heritage=external-dns,external-dns/owner=x", nonce);
    byte[] data = Base64.getDecoder().decode(sealed);
    assertThat(java.util.Arrays.copyOf(data, 12)).isEqualTo(nonce);
    assertThat(encryption.decrypt(sealed)).contains("heritage=external-dns,external-dns/owner=x");
  }

  @Test
  void decrypt_wrongKeyOrNoKey_isAnOwnershipRecordThatCannotBeRead() {
    String sealed = TxtRecordCodec.encrypted(TxtEncryption.ofKey(RAW_KEY)).encode("o", "");
    DecodedTxt withOtherKey = TxtRecordCodec.encrypted(TxtEncryption.ofKey(BASE64_KEY)).decode(sealed);
    DecodedTxt withoutKey = TxtRecordCodec.plain().decode(sealed);
    assertThat(List.of(withOtherKey, withoutKey)).allSatisfy(decoded -> assertThat(decoded)
        .isInstanceOfSatisfying(DecodedTxt.Malformed.class, m -> assertThat(m.reason()).isEqualTo("encrypted, no matching key")));
  }

  @Test
  void decode_shortBase64OrVerificationTokens_areNotMistakenForSealedRecords() {
    for (String text : List.of("dGVzdA==", "google-site-verification=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")) {
      assertThat(TxtRecordCodec.plain().decode(text)).as(text).isInstanceOf(DecodedTxt.Foreign.class);
    }
  }

  @Test
  void encryptedCodec_readsPlainRecordsToo() {
    TxtRecordCodec codec = TxtRecordCodec.encrypted(TxtEncryption.ofKey(RAW_KEY));
    assertThat(codec.decode("\"heritage=external-dns,external-dns/owner=o\"")).isInstanceOf(DecodedTxt.Owned.class);
  }

  @Test
  void ofKey_wrongLength_rejected() {
    assertThatThrownBy(() -> TxtEncryption.ofKey("123456789012345678901234567890asdfasdfasdfasdfa12"))
        .hasMessageContaining("32 bytes");
  }
}
