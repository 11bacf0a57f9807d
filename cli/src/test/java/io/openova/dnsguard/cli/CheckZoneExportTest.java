package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.registry.TxtEncryption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --dns-state} on a zone as {@code pdnsutil list-zone} exports it (absolute names, LUA
 * records of another controller), and with the TXT encryption key from a file.
 */
class CheckZoneExportTest {

  private static final String KEY = "passphrasewhichneedstobe32bytes!";

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Path policy() throws Exception {
    return Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: p}
        spec:
          ownerId: openova
          txtPrefix: "_externaldns."
          adoptUnowned: true
          domains: [{suffix: example.com, namespaces: [team-a]}]
        """);
  }

  private Path routes(String... hosts) throws Exception {
    List<String> docs = new ArrayList<>();
    for (String host : hosts) {
      docs.add("{apiVersion: gateway.networking.k8s.io/v1, kind: HTTPRoute, metadata: {name: " + host.split("\\.")[0]
          + ", namespace: team-a}, spec: {hostnames: [" + host + "]}}");
    }
    return Files.writeString(dir.resolve("routes.yaml"), String.join("\n---\n", docs));
  }

  private Path zone(String sealedVault) throws Exception {
    return Files.writeString(dir.resolve("example.com.zone"), """
        $ORIGIN .
        example.com\t3600\tIN\tSOA\ta.misconfigured.dns.server.invalid hostmaster.example.com 1 10800 3600 604800 3600
        example.com\t3600\tIN\tNS\tns1.example.com.
        geo.example.com\t300\tIN\tLUA\tA "ifportup(443, {'192.0.2.1', '192.0.2.2'})"
        alias.example.com\t300\tIN\tALIAS\tlb.example.net.
        vault.example.com\t300\tIN\tA\t198.51.100.77
        _externaldns.a-vault.example.com\t300\tIN\tTXT\t"%s"
        free.example.com\t300\tIN\tA\t198.51.100.80
        """.formatted(sealedVault));
  }

  private int check(Path zone, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--policy", policy().toString(), "--dns-state", zone.toString(),
        "-f", routes("geo.example.com", "alias.example.com", "vault.example.com", "free.example.com").toString()));
    args.addAll(List.of(extra));
    return CheckCommand.COMMAND.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void run_pdnsutilExportWithLuaAndEncryptedTxt_withoutKey_decidesLikeTheWebhook() throws Exception {
    String sealed = TxtEncryption.ofKey(KEY).encrypt("heritage=external-dns,external-dns/owner=region-9,external-dns/resource=service/v/vault");

    int exit = check(zone(sealed));

    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(exit).isEqualTo(1);
    assertThat(lines()).containsExactly(
        "DENY  HTTPRoute team-a/geo (409): hostname \"geo.example.com\" has a LUA record set written by another controller;"
            + " dnsguard never adopts it",
        "DENY  HTTPRoute team-a/alias (409): hostname \"alias.example.com\" has a ALIAS record set written by another"
            + " controller; dnsguard never adopts it",
        "DENY  HTTPRoute team-a/vault (409): hostname \"vault.example.com\" has an external-dns ownership record dnsguard"
            + " cannot read (encrypted, no matching key: TXT _externaldns.a-vault.example.com)",
        "ALLOW HTTPRoute team-a/free");
  }

  @Test
  void run_keyFromFile_namesTheOwnerOfTheEncryptedRecord() throws Exception {
    String sealed = TxtEncryption.ofKey(KEY).encrypt("heritage=external-dns,external-dns/owner=region-9,external-dns/resource=service/v/vault");
    Path keyFile = Files.writeString(dir.resolve("aes.key"), KEY + "\n");

    int exit = check(zone(sealed), "--txt-encrypt-aes-key-file", keyFile.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(lines()).contains("DENY  HTTPRoute team-a/vault (409): hostname \"vault.example.com\" is owned by"
        + " external-dns owner \"region-9\" (TXT _externaldns.a-vault.example.com)");
  }

  @Test
  void run_keyFileWithAKeyOfTheWrongLength_exit2WithoutEchoingIt() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("aes.key"), "short-secret");

    int exit = check(zone("x"), "--txt-encrypt-aes-key-file", keyFile.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--txt-encrypt-aes-key-file", "32 bytes")
        .doesNotContain("short-secret");
  }
}
