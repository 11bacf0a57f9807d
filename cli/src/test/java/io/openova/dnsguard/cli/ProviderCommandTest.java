package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dnsguard provider}'s usage and its refusals before anything starts. */
class ProviderCommandTest {

  private static String run(List<String> args, int expectedExit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ProviderCommand.COMMAND.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
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
}
