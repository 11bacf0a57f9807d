package io.openova.dnsguard.cli;

import io.openova.dnsguard.cli.sandbox.SandboxCommand;
import io.openova.dnsguard.cli.AuditCommand;
import io.openova.dnsguard.cli.CheckCommand;
import io.openova.dnsguard.policies.claim.ExternalDnsAnnotations;
import io.openova.dnsguard.commandline.JsonLogging;
import io.openova.dnsguard.reconciler.PlanCommand;
import io.openova.dnsguard.reconciler.RunCommand;
import io.openova.dnsguard.reconciler.webhookprovider.ProviderCommand;
import io.openova.dnsguard.webhook.ServeCommand;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/** The {@code ./dnsguard} entry point: dispatches to each module's command. */
public final class Main {

  /** Exit code for bad usage, as every dnsguard command uses it. */
  static final int USAGE = 2;

  private record Entry(String summary, Command command) {}

  private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("check", new Entry(
        "evaluate manifests offline against a policy: check --policy FILE -f MANIFEST...",
        CheckCommand::run));
    COMMANDS.put("audit", new Entry(
        "report what is already wrong, offline: audit --policy FILE --cluster-state PATH... [--output json]",
        AuditCommand::run));
    COMMANDS.put("serve", new Entry(
        "run the admission webhook: serve (--policy-file FILE | --policy-name NAME) ...",
        (args, out, err) -> {
          JsonLogging.install(Level.INFO);
          return ServeCommand.run(args, out, err);
        }));
    COMMANDS.put("run", new Entry(
        "run the DNS reconciler: run (--policy-file FILE | --policy-name NAME) --provider powerdns ...",
        (args, out, err) -> {
          JsonLogging.install(Level.INFO);
          return RunCommand.run(args, out, err);
        }));
    COMMANDS.put("provider", new Entry(
        "serve external-dns's webhook provider protocol, guarded: provider (--policy-file FILE | ...) --provider powerdns ...",
        (args, out, err) -> {
          JsonLogging.install(Level.INFO);
          return ProviderCommand.run(args, out, err);
        }));
    COMMANDS.put("plan", new Entry(
        "print the DNS changes one sync would make, writing nothing: plan (--policy-file FILE | ...) [--output json]",
        PlanCommand::run));
    // Lambdas, not method references: SandboxCommand is loaded only when up/down run, so the
    // image (whose classpath has no test bench) starts without it.
    COMMANDS.put("up", new Entry(
        "start the local sandbox (kube-apiserver, PowerDNS, webhook, reconciler): up [--once]",
        (args, out, err) -> sandbox("up", err) ? SandboxCommand.up(args, out, err) : USAGE));
    COMMANDS.put("down", new Entry("stop the local sandbox and remove its directory",
        (args, out, err) -> sandbox("down", err) ? SandboxCommand.down(args, out, err) : USAGE));
    COMMANDS.put("certs", new Entry(
        "create, rotate and inject the webhook's certificates: certs create|ensure|inspect ...",
        CertsCommand::run));
  }

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  static int run(List<String> given, Map<String, String> env, PrintStream out, PrintStream err) {
    List<String> args;
    try {
      args = annotationPrefixes(given, env);
    } catch (IllegalArgumentException e) {
      err.println("dnsguard: " + e.getMessage());
      return USAGE;
    }
    if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.getFirst())) {
      usage(out);
      return args.isEmpty() ? USAGE : 0;
    }
    Entry entry = COMMANDS.get(args.getFirst());
    if (entry == null) {
      err.println("dnsguard: unknown command \"" + args.getFirst() + "\" (commands: "
          + String.join(", ", COMMANDS.keySet()) + ", test, setup, build)");
      return USAGE;
    }
    return entry.command().run(args.subList(1, args.size()), out, err);
  }

  /**
   * {@code --annotation-prefix PREFIX} (repeatable; or {@code DNSGUARD_ANNOTATION_PREFIX}, comma
   * separated), external-dns's option of the same name, for every command: the prefixes the
   * external-dns annotations are read under (default both {@code external-dns.alpha.kubernetes.io/}
   * and {@code external-dns.kubernetes.io/}). Returns the other arguments.
   */
  static List<String> annotationPrefixes(List<String> args, Map<String, String> env) {
    List<String> prefixes = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(ANNOTATION_PREFIX)) {
        if (i + 1 == args.size()) {
          throw new IllegalArgumentException(ANNOTATION_PREFIX + " needs a value, e.g. external-dns.kubernetes.io/");
        }
        prefixes.add(args.get(++i));
      } else if (arg.startsWith(ANNOTATION_PREFIX + "=")) {
        prefixes.add(arg.substring(ANNOTATION_PREFIX.length() + 1));
      } else {
        rest.add(arg);
      }
    }
    String fromEnv = env.getOrDefault("DNSGUARD_ANNOTATION_PREFIX", "");
    if (prefixes.isEmpty() && !fromEnv.isBlank()) {
      for (String prefix : fromEnv.split(",")) {
        prefixes.add(prefix.strip());
      }
    }
    if (!prefixes.isEmpty()) {
      ExternalDnsAnnotations.usePrefixes(prefixes);
    }
    return rest;
  }

  private static final String ANNOTATION_PREFIX = "--annotation-prefix";

  /** Whether the sandbox's test bench is on the classpath: ./dnsguard has it, the image has not. */
  private static boolean sandbox(String command, PrintStream err) {
    try {
      Class.forName("io.openova.dnsguard.testbench.KubeApiServer", false, Main.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException notInThisBuild) {
      err.println("dnsguard: \"" + command + "\" is the local sandbox: run it from a source checkout with ./dnsguard "
          + command + " (this build, e.g. the container image, carries only serve, run, check, plan and certs)");
      return false;
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: dnsguard <command> [arguments]");
    out.println();
    COMMANDS.forEach((name, entry) -> out.printf("  %-8s %s%n", name, entry.summary()));
    out.printf("  %-8s %s%n", "test", "install the real test parts if missing, then run every test");
    out.printf("  %-8s %s%n", "setup", "install/build PowerDNS, kube-apiserver, etcd for tests");
    out.printf("  %-8s %s%n", "build", "build the project without tests");
    out.println();
    out.println("  every command: --annotation-prefix PREFIX (repeatable; default both external-dns.alpha.kubernetes.io/"
        + " and external-dns.kubernetes.io/)");
  }
}
