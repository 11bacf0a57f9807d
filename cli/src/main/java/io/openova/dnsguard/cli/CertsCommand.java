package io.openova.dnsguard.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.certs.kube.CaBundleInjector;
import io.openova.dnsguard.certs.kube.EnsureResult;
import io.openova.dnsguard.certs.kube.SecretCertificateStore;
import io.openova.dnsguard.certs.kube.SecretRef;
import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.certs.pem.PemException;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.CertificateSummary;
import io.openova.dnsguard.certs.x509.KeyAlgorithm;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dnsguard certs}: create certificate files, ensure the managed Secret and caBundle in a cluster,
 * inspect a certificate file.
 *
 * <p>Exit codes: 0 done, 1 failed, 2 bad usage. Errors are one line without a stack trace. Private
 * keys are only ever written to the files {@code create} was asked to write, never printed.
 */
@Command(name = "certs", subcommands = {CertsCommand.Create.class, CertsCommand.Ensure.class,
    CertsCommand.Inspect.class, CommandLine.HelpCommand.class},
    description = "Create, rotate and inject the webhook's certificates.")
public final class CertsCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private final PrintStream out;
  private final Clock clock;
  private final Supplier<KubernetesClient> clients;

  private CertsCommand(PrintStream out, Clock clock, Supplier<KubernetesClient> clients) {
    this.out = out;
    this.clock = clock;
    this.clients = clients;
  }

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    return run(args, out, err, Clock.systemUTC(), () -> new KubernetesClientBuilder().build());
  }

  /** With the clock and the Kubernetes client supplied, for tests. */
  static int run(
      List<String> args, PrintStream out, PrintStream err, Clock clock, Supplier<KubernetesClient> clients) {
    if (args.isEmpty()) {
      err.println("dnsguard certs: missing subcommand (create, ensure, inspect; see dnsguard certs help)");
      return USAGE;
    }
    CommandLine line = new CommandLine(new CertsCommand(out, clock, clients));
    line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    line.setParameterExceptionHandler((e, given) -> {
      err.println("dnsguard certs" + subcommand(e.getCommandLine()) + ": " + e.getMessage() + " (see dnsguard certs help)");
      return USAGE;
    });
    line.setExecutionExceptionHandler((e, failed, parsed) -> {
      String where = "dnsguard certs" + subcommand(failed);
      if (e instanceof ParameterException usage) {
        err.println(where + ": " + usage.getMessage() + " (see dnsguard certs help)");
        return USAGE;
      }
      String reason;
      if (e instanceof NoSuchFileException missing) {
        reason = oneLine(missing.getMessage()) + ": no such file or directory";
      } else if (e instanceof PemException || e instanceof IllegalStateException
          || e instanceof IllegalArgumentException || e instanceof KubernetesClientException || e instanceof IOException) {
        reason = oneLine(e.getMessage());
      } else {
        reason = "unexpected " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
      }
      err.println(where + ": " + reason);
      return FAILED;
    });
    return line.execute(args.toArray(String[]::new));
  }

  private static String subcommand(CommandLine line) {
    return line.getCommandSpec().name().equals("certs") ? "" : " " + line.getCommandSpec().name();
  }

  /** The options create and ensure share: who the serving certificate is for, and its key. */
  static final class Identity {
    @Option(names = "--service", required = true, paramLabel = "NAME", description = "the webhook's Service")
    String service = "";

    @Option(names = "--namespace", required = true, paramLabel = "NS", description = "the Service's namespace")
    String namespace = "";

    @Option(names = "--dns", paramLabel = "NAME", description = "another DNS name (repeatable)")
    List<String> dnsNames = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "IP", description = "an IP address (repeatable)")
    List<String> ipAddresses = new ArrayList<>();

    @Option(names = "--key-algorithm", paramLabel = "ec-p256|rsa-2048|rsa-3072")
    @Nullable String keyAlgorithm;

    ServingIdentity identity(CommandLine line) {
      try {
        return ServingIdentity.of(service, namespace).withDnsNames(dnsNames).withIpAddresses(ipAddresses);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(line, e.getMessage());
      }
    }

    CertificateIssuer issuer(CommandLine line, Clock clock) {
      CertificateIssuer issuer = CertificateIssuer.create(clock);
      if (keyAlgorithm == null) {
        return issuer;
      }
      try {
        return issuer.withKeyAlgorithm(KeyAlgorithm.fromCliName(keyAlgorithm));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(line, e.getMessage());
      }
    }
  }

  /** What create and ensure share: the parent command and the serving identity's options. */
  abstract static class ForIdentity {
    @ParentCommand CertsCommand certs;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin Identity identity;

    ServingIdentity serving() {
      return identity.identity(spec.commandLine());
    }

    CertificateIssuer issuer() {
      return identity.issuer(spec.commandLine(), certs.clock);
    }
  }

  @Command(name = "create", description = {
      "Write a new CA and serving certificate: ca.crt, ca.key, tls.crt, tls.key (keys as PKCS#8);",
      "refuses to overwrite existing files without --force."})
  static final class Create extends ForIdentity implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the directory to write to")
    Path directory = Path.of(".");

    @Option(names = "--force", description = "overwrite existing files")
    boolean force;

    @Override public Integer call() throws IOException {
      PrintStream out = certs.out;
      Clock clock = certs.clock;
      ServingIdentity serving = serving();
      CertificateIssuer issuer = issuer();
      Path caCertificate = directory.resolve("ca.crt");
      Path caKey = directory.resolve("ca.key");
      Path servingCertificate = directory.resolve("tls.crt");
      Path servingKey = directory.resolve("tls.key");
      List<Path> files = List.of(caCertificate, caKey, servingCertificate, servingKey);
      if (!force) {
        for (Path file : files) {
          if (Files.exists(file)) {
            throw new IllegalStateException(file + " exists (use --force to overwrite)");
          }
        }
      }
      Files.createDirectories(directory);
      ManagedCertificates certificates = issuer.issueAll(serving);
      writeFile(caCertificate, PemCodec.encodeCertificates(certificates.caBundle()), false, force);
      writeFile(caKey, PemCodec.encodePrivateKey(certificates.authority().privateKey()), true, force);
      writeFile(servingCertificate, PemCodec.encodeCertificate(certificates.serving().certificate()), false, force);
      writeFile(servingKey, PemCodec.encodePrivateKey(certificates.serving().privateKey()), true, force);
      out.println("wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
      printSummary(out, "CA", certificates.authority().certificate(), clock);
      printSummary(out, "serving certificate", certificates.serving().certificate(), clock);
      return OK;
    }
  }

  @Command(name = "ensure", description = {
      "Create, renew or rotate the pair in the kubernetes.io/tls Secret and, with --webhook-config, put the CA",
      "bundle into every webhook of that ValidatingWebhookConfiguration (kubeconfig or in-cluster config)."})
  static final class Ensure extends ForIdentity implements Callable<Integer> {

    @Option(names = "--secret", required = true, paramLabel = "NAME", description = "the Secret, in --namespace")
    String secretName = "";

    @Option(names = "--webhook-config", paramLabel = "NAME", description = "the ValidatingWebhookConfiguration")
    @Nullable String webhookConfig;

    @Override public Integer call() {
      PrintStream out = certs.out;
      Clock clock = certs.clock;
      SecretRef secret;
      try {
        secret = new SecretRef(identity.namespace, secretName);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      ServingIdentity serving = serving();
      CertificateIssuer issuer = issuer();
      try (KubernetesClient client = certs.clients.get()) {
        EnsureResult result = new SecretCertificateStore(client, secret, serving, issuer).ensure();
        out.println("Secret " + secret + ": " + result.outcome().name().toLowerCase(Locale.ROOT) + " (" + result.detail() + ")");
        printSummary(out, "CA", result.certificates().authority().certificate(), clock);
        printSummary(out, "serving certificate", result.certificates().serving().certificate(), clock);
        if (webhookConfig != null) {
          int changed = new CaBundleInjector(client).inject(webhookConfig, result.certificates().caBundle());
          out.println(
              "ValidatingWebhookConfiguration " + webhookConfig + ": "
                  + (changed == 0 ? "caBundle already up to date" : "caBundle set in " + changed + " webhook(s)"));
        }
      }
      return OK;
    }
  }

  @Command(name = "inspect", description = "Print subject, SANs, validity and renewal time of each certificate in FILE.")
  static final class Inspect implements Callable<Integer> {
    @ParentCommand CertsCommand certs;

    @Parameters(arity = "1", paramLabel = "FILE", description = "a PEM file")
    Path file = Path.of(".");

    @Override public Integer call() {
      List<X509Certificate> certificates = PemCodec.readCertificates(file);
      for (int i = 0; i < certificates.size(); i++) {
        printDetails(certs.out, "certificate " + (i + 1) + " of " + certificates.size(), certificates.get(i), certs.clock);
      }
      return OK;
    }
  }

  private static void printSummary(PrintStream out, String what, X509Certificate certificate, Clock clock) {
    CertificateSummary summary = CertificateSummary.of(certificate);
    out.println(
        what + ": " + summary.subject() + ", valid until " + summary.notAfter() + ", renew at " + summary.renewAt()
            + " (" + relative(summary.renewAt(), clock) + ")");
  }

  private static void printDetails(PrintStream out, String title, X509Certificate certificate, Clock clock) {
    CertificateSummary summary = CertificateSummary.of(certificate);
    out.println(title);
    out.println("  subject:    " + summary.subject());
    out.println("  issuer:     " + summary.issuer());
    out.println("  serial:     " + summary.serialNumber().toString(16));
    out.println("  SANs:       " + (summary.subjectAltNames().isEmpty() ? "(none)" : String.join(", ", summary.subjectAltNames())));
    out.println("  notBefore:  " + summary.notBefore());
    out.println("  notAfter:   " + summary.notAfter() + " (" + relative(summary.notAfter(), clock).replace("due", "expired") + ")");
    out.println("  CA:         " + (summary.authority() ? "yes" : "no"));
    out.println("  renew at:   " + summary.renewAt() + " (" + relative(summary.renewAt(), clock) + ")");
  }

  private static String relative(Instant when, Clock clock) {
    Duration left = Duration.between(clock.instant(), when);
    if (left.isNegative() || left.isZero()) {
      return "due now";
    }
    long days = left.toDays();
    return days > 0 ? "in " + days + " days" : "in " + Math.max(1, left.toHours()) + " hours";
  }

  /**
   * Writes through a temporary file in the same directory and moves it into place, so a reader never
   * sees half a file; private keys get mode 0600 where the file system has POSIX permissions.
   */
  private static void writeFile(Path file, String content, boolean secret, boolean replace) throws IOException {
    Path directory = Objects.requireNonNull(file.toAbsolutePath().getParent(), "an absolute file path has a parent");
    Path temporary;
    if (secret && directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      temporary =
          Files.createTempFile(
              directory, ".dnsguard-", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      temporary = Files.createTempFile(directory, ".dnsguard-", ".tmp");
    }
    try {
      Files.writeString(temporary, content, StandardCharsets.US_ASCII);
      if (!replace && Files.exists(file)) {
        throw new FileAlreadyExistsException(file + " exists (use --force to overwrite)");
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static String oneLine(@Nullable String message) {
    return message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
