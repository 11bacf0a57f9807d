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

/**
 * Issue 12: the zone-file reader honoured {@code $INCLUDE}, so {@code check --dns-state} given a
 * zone file (in a CI job, from a pull request) read any local file the job could, and echoed parts
 * of it in its error message. An include is now refused, naming the zone file and the line; the
 * included file is never opened.
 */
class Issue12ZoneIncludeTest {
  @TempDir Path dir;

  @Test
  void check_zoneFileWithInclude_exit2NamingFileAndLine_includedFileNeverRead() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "www IN A 192.0.2.99\nTOP-SECRET-LINE\n");
    Path zone = Files.writeString(dir.resolve("example.zone"), """
        $ORIGIN example.com.
        @ 3600 IN SOA ns1 hostmaster 1 3600 600 604800 300
        $INCLUDE %s
        api 300 IN A 192.0.2.1
        """.formatted(secret));
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: default}
        spec:
          ownerId: openova
          domains: [{suffix: example.com, namespaces: [team-a]}]
        """);
    Path manifest = Files.writeString(dir.resolve("route.yaml"), """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: r, namespace: team-a}
        spec: {hostnames: [www.example.com]}
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = CheckCommand.COMMAND.run(List.of("--policy", policy.toString(), "--dns-state", zone.toString(),
        "-f", manifest.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    String errors = err.toString(StandardCharsets.UTF_8);
    assertThat(errors.lines().toList()).containsExactly(
        "check: " + zone + ": line 3: $INCLUDE is not allowed: a zone file must hold its records itself "
            + "(an include could read any local file); inline the included records");
    assertThat(errors + out.toString(StandardCharsets.UTF_8)).doesNotContain("TOP-SECRET-LINE", "192.0.2.99");
  }
}
