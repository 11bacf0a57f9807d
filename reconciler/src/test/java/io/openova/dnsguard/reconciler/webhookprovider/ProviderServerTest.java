package io.openova.dnsguard.reconciler.webhookprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderServerTest {

  @Test
  void isLoopback_knowsTheLoopbackAddresses() {
    assertThat(ProviderServer.isLoopback("127.0.0.1")).isTrue();
    assertThat(ProviderServer.isLoopback("::1")).isTrue();
    assertThat(ProviderServer.isLoopback("0.0.0.0")).isFalse();
  }

  @Test
  void clientsFile_errorsSayWhere(@TempDir Path dir) throws Exception {
    Path noOwners = Files.writeString(dir.resolve("c.yaml"), "clients:\n  - {name: r1, certificateCommonName: r1}\n");
    assertThatThrownBy(() -> Clients.load(noOwners)).hasMessageContaining("clients[0] (r1): owners must list");
    Path shortToken = Files.writeString(dir.resolve("t"), "short");
    Path weak = Files.writeString(dir.resolve("w.yaml"), "clients:\n  - {name: r1, tokenFile: " + shortToken + ", owners: [r1]}\n");
    assertThatThrownBy(() -> Clients.load(weak)).hasMessageContaining("shorter than 16 characters");
  }

  @Test
  void clients_tokenAsBearerOrBasicPassword_mapToTheirOwners(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("t"), "0123456789abcdef0123\n");
    Clients clients = Clients.load(Files.writeString(dir.resolve("c.yaml"),
        "clients:\n  - {name: r1, tokenFile: " + token + ", owners: [r1, r1-old]}\n"));
    assertThat(clients.identify(Optional.of("Bearer 0123456789abcdef0123"), Optional.empty()))
        .hasValueSatisfying(c -> assertThat(c.owners()).containsExactlyInAnyOrder("r1", "r1-old"));
    String basic = Base64.getEncoder().encodeToString("anyone:0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
    assertThat(clients.identify(Optional.of("Basic " + basic), Optional.empty())).isPresent();
    assertThat(clients.identify(Optional.of("Bearer 0123456789abcdef012"), Optional.empty())).isEmpty();
    assertThat(clients.identify(Optional.empty(), Optional.empty())).isEmpty();
  }
}
