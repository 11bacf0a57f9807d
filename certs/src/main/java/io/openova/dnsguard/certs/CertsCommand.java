package io.openova.dnsguard.certs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.policies.cli.Arguments;
import io.openova.dnsguard.policies.cli.Arguments.UsageException;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code dnsguard certs}: create certificate files, ensure the managed Secret and caBundle in a cluster,
 * inspect a certificate file.
 *
 * <p>Exit codes: 0 done, 1 failed, 2 bad usage. Errors are one line without a stack trace. Private
 * keys are only ever written to the files {@code create} was asked to write, never printed.
 */
public final class CertsCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final String USAGE_TEXT =
      """
      usage: dnsguard certs <subcommand> [options]

        create  --out DIR --service NAME --namespace NS [--dns NAME]... [--ip IP]...
                [--key-algorithm ec-p256|rsa-2048|rsa-3072] [--force]
                write a new CA and serving certificate: ca.crt, ca.key, tls.crt, tls.key
                (keys as PKCS#8); refuses to overwrite existing files without --force
        ensure  --namespace NS --secret NAME --service NAME [--webhook-config NAME]
                [--dns NAME]... [--ip IP]... [--key-algorithm ...]
                create, renew or rotate the pair in the kubernetes.io/tls Secret and, with
                --webhook-config, put the CA bundle into every webhook of that
                ValidatingWebhookConfiguration (uses the kubeconfig or in-cluster config)
        inspect FILE
                print subject, SANs, validity and renewal time of each certificate in FILE
      """;

  private CertsCommand() {}

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
    String subcommand = args.getFirst();
    List<String> rest = args.subList(1, args.size());
    try {
      return switch (subcommand) {
        case "create" -> create(rest, out, clock);
        case "ensure" -> ensure(rest, out, clock, clients);
        case "inspect" -> inspect(rest, out, clock);
        case "help", "-h", "--help" -> {
          out.print(USAGE_TEXT);
          yield OK;
        }
        default -> throw new UsageException("unknown subcommand \"" + subcommand + "\" (create, ensure, inspect)");
      };
    } catch (UsageException e) {
      err.println("dnsguard certs " + subcommand + ": " + e.getMessage() + " (see dnsguard certs help)");
      return USAGE;
    } catch (PemException | IllegalStateException | IllegalArgumentException | KubernetesClientException e) {
      err.println("dnsguard certs " + subcommand + ": " + oneLine(e.getMessage()));
      return FAILED;
    } catch (IOException e) {
      err.println("dnsguard certs " + subcommand + ": " + oneLine(String.valueOf(e.getMessage()))
          + (e instanceof java.nio.file.NoSuchFileException ? ": no such file or directory" : ""));
      return FAILED;
    } catch (RuntimeException e) {
      err.println("dnsguard certs " + subcommand + ": unexpected " + e.getClass().getSimpleName() + ": "
          + oneLine(String.valueOf(e.getMessage())));
      return FAILED;
    }
  }

  private static int create(List<String> args, PrintStream out, Clock clock) throws IOException {
    Arguments arguments =
        Arguments.parse(
            args,
            Set.of("--out", "--service", "--namespace", "--dns", "--ip", "--key-algorithm"),
            Set.of("--dns", "--ip"),
            Set.of("--force"));
    noPositional(arguments);
    Path directory = Path.of(arguments.required("--out"));
    ServingIdentity identity = identity(arguments);
    CertificateIssuer issuer = issuer(arguments, clock);
    boolean force = arguments.flag("--force");

    Map<String, Path> files = new LinkedHashMap<>();
    for (String name : List.of("ca.crt", "ca.key", "tls.crt", "tls.key")) {
      files.put(name, directory.resolve(name));
    }
    if (!force) {
      for (Path file : files.values()) {
        if (Files.exists(file)) {
          throw new IllegalStateException(file + " exists (use --force to overwrite)");
        }
      }
    }
    Files.createDirectories(directory);
    ManagedCertificates certificates = issuer.issueAll(identity);
    writeFile(files.get("ca.crt"), PemCodec.encodeCertificates(certificates.caBundle()), false, force);
    writeFile(files.get("ca.key"), PemCodec.encodePrivateKey(certificates.authority().privateKey()), true, force);
    writeFile(files.get("tls.crt"), PemCodec.encodeCertificate(certificates.serving().certificate()), false, force);
    writeFile(files.get("tls.key"), PemCodec.encodePrivateKey(certificates.serving().privateKey()), true, force);
    out.println("wrote " + String.join(", ", files.values().stream().map(Path::toString).toList()));
    printSummary(out, "CA", certificates.authority().certificate(), clock);
    printSummary(out, "serving certificate", certificates.serving().certificate(), clock);
    return OK;
  }

  private static int ensure(List<String> args, PrintStream out, Clock clock, Supplier<KubernetesClient> clients) {
    Arguments arguments =
        Arguments.parse(
            args,
            Set.of("--namespace", "--secret", "--service", "--webhook-config", "--dns", "--ip", "--key-algorithm"),
            Set.of("--dns", "--ip"),
            Set.of());
    noPositional(arguments);
    SecretRef secret;
    try {
      secret = new SecretRef(arguments.required("--namespace"), arguments.required("--secret"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    ServingIdentity identity = identity(arguments);
    CertificateIssuer issuer = issuer(arguments, clock);
    try (KubernetesClient client = clients.get()) {
      EnsureResult result = new SecretCertificateStore(client, secret, identity, issuer).ensure();
      out.println("Secret " + secret + ": " + result.outcome().name().toLowerCase(Locale.ROOT) + " (" + result.detail() + ")");
      printSummary(out, "CA", result.certificates().authority().certificate(), clock);
      printSummary(out, "serving certificate", result.certificates().serving().certificate(), clock);
      if (arguments.optional("--webhook-config").isPresent()) {
        String name = arguments.required("--webhook-config");
        int changed = new CaBundleInjector(client).inject(name, result.certificates().caBundle());
        out.println(
            "ValidatingWebhookConfiguration " + name + ": "
                + (changed == 0 ? "caBundle already up to date" : "caBundle set in " + changed + " webhook(s)"));
      }
    }
    return OK;
  }

  private static int inspect(List<String> args, PrintStream out, Clock clock) {
    Arguments arguments = Arguments.parse(args, Set.of(), Set.of(), Set.of());
    if (arguments.positional().size() != 1) {
      throw new UsageException("inspect takes exactly one FILE");
    }
    List<X509Certificate> certificates = PemCodec.readCertificates(Path.of(arguments.positional().getFirst()));
    for (int i = 0; i < certificates.size(); i++) {
      printDetails(out, "certificate " + (i + 1) + " of " + certificates.size(), certificates.get(i), clock);
    }
    return OK;
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

  private static ServingIdentity identity(Arguments arguments) {
    try {
      return ServingIdentity.of(arguments.required("--service"), arguments.required("--namespace"))
          .withDnsNames(arguments.all("--dns"))
          .withIpAddresses(arguments.all("--ip"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static CertificateIssuer issuer(Arguments arguments, Clock clock) {
    CertificateIssuer issuer = CertificateIssuer.create(clock);
    if (arguments.optional("--key-algorithm").isPresent()) {
      try {
        issuer = issuer.withKeyAlgorithm(KeyAlgorithm.fromCliName(arguments.required("--key-algorithm")));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return issuer;
  }

  private static void noPositional(Arguments arguments) {
    if (!arguments.positional().isEmpty()) {
      throw new UsageException("unexpected argument \"" + arguments.positional().getFirst() + "\"");
    }
  }

  /**
   * Writes through a temporary file in the same directory and moves it into place, so a reader never
   * sees half a file; private keys get mode 0600 where the file system has POSIX permissions.
   */
  private static void writeFile(Path file, String content, boolean secret, boolean replace) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
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

  private static String oneLine(String message) {
    return message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
