package io.openova.dnsguard.commandline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.policies.registry.DecodedTxt;
import io.openova.dnsguard.policies.registry.TxtEncryption;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxtKeyOptionTest {
  private static final String KEY = "passphrasewhichneedstobe32bytes!";
  private static final String SEALED =
      TxtEncryption.ofKey(KEY).encrypt("heritage=external-dns,external-dns/owner=region-9");

  @TempDir Path dir;

  private static String ownerOf(TxtRecordCodec codec) {
    return codec.decode(SEALED) instanceof DecodedTxt.Owned owned ? owned.ownerId() : "unreadable";
  }

  @Test
  void codec_noKey_isPlainAndSeesSealedRecordsAsUnreadable() {
    assertThat(ownerOf(TxtKeyOption.codec(Optional.empty(), Map.of()))).isEqualTo("unreadable");
  }

  @Test
  void codec_keyFromEnvironmentOrFile_opensTheRecord() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), KEY + "\n"); // as a Secret volume often holds it

    assertThat(ownerOf(TxtKeyOption.codec(Optional.empty(), Map.of(TxtKeyOption.KEY_VARIABLE, KEY)))).isEqualTo("region-9");
    assertThat(ownerOf(TxtKeyOption.codec(Optional.of(file.toString()), Map.of()))).isEqualTo("region-9");
  }

  @Test
  void codec_bothGiven_isAUsageError() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), KEY);

    assertThatThrownBy(() -> TxtKeyOption.codec(Optional.of(file.toString()), Map.of(TxtKeyOption.KEY_VARIABLE, KEY)))
        .isInstanceOf(UsageException.class).hasMessageContaining("not both");
  }

  @Test
  void codec_badKeyOrMissingFile_namesWhereWithoutTheKey() {
    assertThatThrownBy(() -> TxtKeyOption.codec(Optional.empty(), Map.of(TxtKeyOption.KEY_VARIABLE, "s3cret-but-short")))
        .isInstanceOf(UsageException.class).hasMessageContaining(TxtKeyOption.KEY_VARIABLE).hasMessageContaining("32 bytes")
        .hasMessageNotContaining("s3cret-but-short");
    assertThatThrownBy(() -> TxtKeyOption.codec(Optional.of(dir.resolve("nope").toString()), Map.of()))
        .isInstanceOf(UsageException.class).hasMessageContaining("no such file");
  }

  @Test
  void keyAsAnArgument_isNotAnOption() {
    assertThatThrownBy(() -> Arguments.parse(List.of("--txt-encrypt-aes-key", KEY), Set.of(TxtKeyOption.FILE_OPTION),
        Set.of(), Set.of())).isInstanceOf(UsageException.class);
  }
}
