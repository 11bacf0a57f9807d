package io.openova.dnsguard.reconciler.webhookprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderCommandTest {

  private static String run(List<String> args, int expectedExit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ProviderCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void help_printsUsage() {
    assertThat(run(List.of("--help"), 0)).contains("usage: dnsguard provider");
  }

  @Test
  void offLoopback_withoutTlsAndClients_isAUsageError(@TempDir Path dir) throws Exception {
    Path policy = Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: p}
        spec: {ownerId: x, domains: [{suffix: example.com, namespaces: [a]}]}
        """);
    String output = run(List.of("--policy-file", policy.toString(), "--provider", "powerdns", "--pdns-url",
        "http://127.0.0.1:1", "--pdns-api-key-file", Files.writeString(dir.resolve("key"), "k").toString(),
        "--bind", "0.0.0.0"), 2);
    assertThat(output).contains("--bind 0.0.0.0 is not loopback: give --tls-cert-file, --tls-key-file and --clients");
  }

  @Test
  void unknownOption_andMissingProvider_areUsageErrors() {
    assertThat(run(List.of("--policy-file", "x", "--frobnicate"), 2)).contains("unknown option --frobnicate");
    assertThat(run(List.of("--policy-file", "x"), 2)).contains("a DNS provider is needed");
  }

  @Test
  void isLoopback_knowsTheLoopbackAddresses() {
    assertThat(ProviderCommand.isLoopback("127.0.0.1")).isTrue();
    assertThat(ProviderCommand.isLoopback("::1")).isTrue();
    assertThat(ProviderCommand.isLoopback("0.0.0.0")).isFalse();
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
