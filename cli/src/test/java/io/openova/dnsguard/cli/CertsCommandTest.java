package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.testbench.MutableClock;
import io.openova.dnsguard.testbench.Pkix;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@EnableKubernetesMockClient(crud = true)
class CertsCommandTest {
  KubernetesClient client;
  KubernetesMockServer server;

  @TempDir Path directory;
  private final MutableClock clock = MutableClock.atDefault();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return CertsCommand.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        clock,
        () -> server.createClient());
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void create_newDirectory_writesFourPemFilesWithPrivateKeys0600() throws Exception {
    Path target = directory.resolve("certs");

    int exit = run("create", "--out", target.toString(), "--service", "webhook", "--namespace", "system",
        "--dns", "localhost", "--ip", "127.0.0.1");

    assertThat(exit).isZero();
    assertThat(err()).isEmpty();
    assertThat(Files.readString(target.resolve("tls.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(target.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("tls.key")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("ca.key")))).isEqualTo("rw-------");
    X509Certificate serving = PemCodec.readCertificates(target.resolve("tls.crt")).getFirst();
    List<X509Certificate> ca = PemCodec.readCertificates(target.resolve("ca.crt"));
    Pkix.validate(List.of(serving), ca, clock.instant());
    assertThat(new ArrayList<>(serving.getSubjectAlternativeNames()))
        .contains(List.of(2, "webhook.system.svc"), List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    PemCodec.readPrivateKey(target.resolve("tls.key"));
    assertThat(out()).contains("wrote ").contains("renew at").doesNotContain("PRIVATE KEY");
    try (var files = Files.list(target)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.crt", "ca.key", "tls.crt", "tls.key");
    }
  }

  @Test
  void create_existingFiles_refusesWithoutForce() throws Exception {
    run("create", "--out", directory.toString(), "--service", "webhook", "--namespace", "system");
    String before = Files.readString(directory.resolve("tls.crt"));
    err.reset();

    int refused = run("create", "--out", directory.toString(), "--service", "webhook", "--namespace", "system");

    assertThat(refused).isEqualTo(1);
    assertThat(err()).isEqualTo("dnsguard certs create: " + directory.resolve("ca.crt") + " exists (use --force to overwrite)\n");
    assertThat(Files.readString(directory.resolve("tls.crt"))).isEqualTo(before);

    int forced = run("create", "--out", directory.toString(), "--service", "webhook", "--namespace", "system", "--force");

    assertThat(forced).isZero();
    assertThat(Files.readString(directory.resolve("tls.crt"))).isNotEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "create --out DIR --service webhook",
      "create --out DIR --service webhook --namespace system --bogus",
      "create --out DIR --service Web_Hook --namespace system",
      "create --out DIR --service webhook --namespace system --ip not-an-ip",
      "create --out DIR --service webhook --namespace system --key-algorithm dsa",
      "create --out DIR --out DIR2 --service webhook --namespace system",
      "ensure --namespace system --service webhook",
      "inspect",
      "rotate"})
  void run_badUsage_exitsTwoWithOneLine(String commandLine) {
    int exit = run(commandLine.replace("DIR", directory.resolve("x").toString()).split(" "));

    assertThat(exit).isEqualTo(2);
    assertThat(err()).endsWith("\n").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(err().lines()).hasSize(1);
    assertThat(out()).isEmpty();
  }

  @Test
  void run_noArguments_exitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err().lines()).hasSize(1);
  }

  @Test
  void run_help_printsUsageAndExitsZero() {
    assertThat(run("help")).isZero();
    assertThat(out()).contains("create").contains("ensure").contains("inspect");
  }

  @Test
  void inspect_servingCertificate_printsSubjectSansValidityAndRenewal() {
    run("create", "--out", directory.toString(), "--service", "webhook", "--namespace", "system", "--ip", "127.0.0.1");
    out.reset();

    int exit = run("inspect", directory.resolve("tls.crt").toString());

    assertThat(exit).isZero();
    assertThat(out())
        .contains("subject:    CN=webhook.system.svc,O=dnsguard")
        .contains("DNS:webhook, DNS:webhook.system, DNS:webhook.system.svc, DNS:webhook.system.svc.cluster.local, IP:127.0.0.1")
        .contains("notBefore:  2026-11-24T09:55:00Z")
        .contains("notAfter:   2027-11-24T10:00:00Z")
        .contains("CA:         no")
        .contains("renew at:   2027-07-25T17:58:20Z (in 243 days)");
  }

  @Test
  void inspect_privateKeyFile_failsWithoutPrintingIt() throws Exception {
    run("create", "--out", directory.toString(), "--service", "webhook", "--namespace", "system");
    out.reset();
    String key = Files.readString(directory.resolve("tls.key"));

    int exit = run("inspect", directory.resolve("tls.key").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err())
        .isEqualTo("dnsguard certs inspect: " + directory.resolve("tls.key")
            + ": expected only CERTIFICATE blocks, found a PRIVATE KEY\n");
    assertThat(out()).isEmpty();
    String body = key.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    assertThat(err()).doesNotContain(body);
  }

  @Test
  void inspect_malformedFile_failsWithOneLine() throws Exception {
    Path file = directory.resolve("broken.crt");
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n");

    int exit = run("inspect", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err()).startsWith("dnsguard certs inspect: " + file + ": malformed PEM: ");
    assertThat(err().lines()).hasSize(1);
  }

  @Test
  void ensure_cluster_createsSecretAndInjectsBundle() {
    client.admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata().withName("dnsguard").endMetadata()
                .addNewWebhook().withName("a.dnsguard.openova.io").withNewClientConfig().endClientConfig().endWebhook()
                .addNewWebhook().withName("b.dnsguard.openova.io").withNewClientConfig().endClientConfig().endWebhook()
                .build())
        .create();

    int exit = run("ensure", "--namespace", "system", "--secret", "webhook-tls", "--service", "webhook",
        "--webhook-config", "dnsguard");

    assertThat(exit).as(err()).isZero();
    assertThat(out())
        .contains("Secret system/webhook-tls: created")
        .contains("ValidatingWebhookConfiguration dnsguard: caBundle set in 2 webhook(s)")
        .doesNotContain("PRIVATE KEY");
    assertThat(client.secrets().inNamespace("system").withName("webhook-tls").get().getType())
        .isEqualTo("kubernetes.io/tls");

    out.reset();
    assertThat(run("ensure", "--namespace", "system", "--secret", "webhook-tls", "--service", "webhook",
        "--webhook-config", "dnsguard")).isZero();
    assertThat(out()).contains("Secret system/webhook-tls: unchanged").contains("caBundle already up to date");
  }

  @Test
  void ensure_missingWebhookConfiguration_failsWithOneLine() {
    int exit = run("ensure", "--namespace", "system", "--secret", "webhook-tls", "--service", "webhook",
        "--webhook-config", "absent");

    assertThat(exit).isEqualTo(1);
    assertThat(err()).isEqualTo("dnsguard certs ensure: ValidatingWebhookConfiguration \"absent\" not found\n");
  }
}
