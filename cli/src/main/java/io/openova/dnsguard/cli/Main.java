package io.openova.dnsguard.cli;

import io.openova.dnsguard.cli.sandbox.SandboxCommand;
import io.openova.dnsguard.commandline.JsonLogging;
import io.openova.dnsguard.commandline.KeyStoreRounds;
import io.openova.dnsguard.policies.claim.ExternalDnsAnnotations;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code ./dnsguard} entry point: a picocli command whose subcommands are every dnsguard
 * command. picocli picks the subcommand; each command parses its own arguments (its options, their
 * aliases and {@code DNSGUARD_*} fallbacks) and returns the exit code.
 */
public final class Main {

  /** Exit code for bad usage, as every dnsguard command uses it. */
  static final int USAGE = 2;

  private record Entry(String summary, Command command) {}

  private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("check", new Entry(
        "evaluate manifests offline against a policy: check --policy FILE -f MANIFEST...",
        CheckCommand.COMMAND));
    COMMANDS.put("audit", new Entry(
        "report what is already wrong, offline: audit --policy FILE --cluster-state PATH... [--output json]",
        AuditCommand.COMMAND));
    COMMANDS.put("serve", new Entry(
        "run the admission webhook: serve (--policy-file FILE | --policy-name NAME) ...",
        logged(ServeCommand.COMMAND)));
    COMMANDS.put("run", new Entry(
        "run the DNS reconciler: run (--policy-file FILE | --policy-name NAME) --provider powerdns ...",
        logged(RunCommand.COMMAND)));
    COMMANDS.put("provider", new Entry(
        "serve external-dns's webhook provider protocol, guarded: provider (--policy-file FILE | ...) --provider powerdns ...",
        logged(ProviderCommand.COMMAND)));
    COMMANDS.put("plan", new Entry(
        "print the DNS changes one sync would make, writing nothing: plan (--policy-file FILE | ...) [--output json]",
        PlanCommand.COMMAND));
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

  /** Commands of the launcher script, not of this program: listed so the usage is whole. */
  private static final Map<String, String> LAUNCHER = new LinkedHashMap<>();

  static {
    LAUNCHER.put("test", "install the real test parts if missing, then run every test");
    LAUNCHER.put("setup", "install/build PowerDNS, kube-apiserver, etcd for tests");
    LAUNCHER.put("build", "build the project without tests");
  }

  private static final String HELP = "help";

  private Main() {}

  public static void main(String[] args) {
    KeyStoreRounds.inMemoryOnly();
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Runs dnsguard with {@code args} (the command first), writing to {@code out} and {@code err}: returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
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
    ParseResult parsed;
    try {
      parsed = commandLine().parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      err.println("dnsguard: unknown command \"" + args.getFirst() + "\" (commands: "
          + String.join(", ", COMMANDS.keySet()) + ", " + HELP + ", " + String.join(", ", LAUNCHER.keySet()) + ")");
      return USAGE;
    }
    ParseResult subcommand = parsed.subcommand();
    if (subcommand == null || parsed.isUsageHelpRequested()) {
      usage(out);
      return parsed.isUsageHelpRequested() ? 0 : USAGE;
    }
    String name = subcommand.commandSpec().name();
    List<String> rest = subcommand.unmatched();
    if (name.equals(HELP)) {
      if (rest.isEmpty()) {
        usage(out);
        return 0;
      }
      // "help serve" is "serve --help"; an unknown name gets the unknown-command message.
      return COMMANDS.containsKey(rest.getFirst()) ? run(List.of(rest.getFirst(), "--help"), env, out, err)
          : run(rest.subList(0, 1), env, out, err);
    }
    return Objects.requireNonNull(COMMANDS.get(name), name).command().run(rest, out, err); // picocli knows only these names
  }

  /**
   * dnsguard with one subcommand per command, each taking every argument after its name as given,
   * {@code --} included (the command parses them: its options, aliases and environment fallbacks
   * are its own).
   */
  private static CommandLine commandLine() {
    CommandSpec dnsguard = CommandSpec.create().name("dnsguard");
    dnsguard.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("this list").build());
    COMMANDS.forEach((name, entry) -> dnsguard.addSubcommand(name, subcommand(name, entry.summary())));
    dnsguard.addSubcommand(HELP, subcommand(HELP, "this list, or a command's usage: help COMMAND"));
    CommandLine line = new CommandLine(dnsguard).setExpandAtFiles(false);
    // Set after adding: a subcommand takes its parser settings from its parent when added.
    line.getSubcommands().values().forEach(sub -> sub.setStopAtUnmatched(true).setEndOfOptionsDelimiter("\u0000"));
    return line;
  }

  private static CommandSpec subcommand(String name, String summary) {
    CommandSpec spec = CommandSpec.create().name(name);
    spec.usageMessage().description(summary);
    return spec;
  }

  /** The server commands log as JSON lines, one object each, for the pod's log. */
  private static Command logged(Command command) {
    return (args, out, err) -> {
      JsonLogging.install(Level.INFO);
      return command.run(args, out, err);
    };
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
    out.println("usage: dnsguard <command> [arguments]   (dnsguard help COMMAND: its options)");
    out.println();
    COMMANDS.forEach((name, entry) -> out.printf("  %-8s %s%n", name, entry.summary()));
    LAUNCHER.forEach((name, summary) -> out.printf("  %-8s %s%n", name, summary));
    out.println();
    out.println("  every command: --annotation-prefix PREFIX (repeatable; default both external-dns.alpha.kubernetes.io/"
        + " and external-dns.kubernetes.io/)");
  }
}
