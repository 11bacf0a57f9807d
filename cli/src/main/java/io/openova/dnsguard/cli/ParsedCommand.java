package io.openova.dnsguard.cli;

import io.openova.dnsguard.certs.pem.PemException;
import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.policies.input.InputException;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.ProviderOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The skeleton every option-taking command shares, written once: {@code --help}, the parse by the
 * options the command declares, no stray arguments, and every failure as one line and an exit code:
 * 2 for bad usage or unreadable input (with the usage after a usage error), 1 when the cluster or
 * the provider could not be read.
 *
 * <p>Two kinds. An <em>offline</em> command ({@code check}, {@code audit}) reads files only: any
 * failure, even an unforeseen one, is one line and exit 2. A <em>cluster</em> command ({@code serve},
 * {@code run}, {@code plan}, {@code provider}) also takes every option from the environment as
 * {@code DNSGUARD_<OPTION>}, adds the providers' options to its usage, and leaves an unforeseen
 * failure to the JVM (a stack trace in the pod's log, exit 1).
 */
final class ParsedCommand implements Command {

  /** What the command does with its parsed arguments: returns the exit code. */
  @FunctionalInterface
  interface Body {
    int run(Arguments arguments, PrintStream out)
        throws PolicyException, InputException, InterruptedException, TimeoutException;
  }

  /** What a server command starts from its parsed arguments: returns when the process is stopped. */
  @FunctionalInterface
  interface Server {
    void run(Arguments arguments) throws PolicyException, InterruptedException;
  }

  /** The options a command takes: with a value, repeatable among those, flags, short aliases; whether bare arguments are allowed. */
  record Options(Set<String> withValue, Set<String> repeatable, Set<String> flags, Map<String, String> aliases,
      boolean positional) {

    static Options of(Set<String> withValue, Set<String> repeatable, Set<String> flags) {
      return new Options(withValue, repeatable, flags, Map.of(), false);
    }
  }

  private final String prefix;
  private final String usage;
  private final Options options;
  private final boolean cluster;
  private final Body body;

  private ParsedCommand(String prefix, String usage, Options options, boolean cluster, Body body) {
    this.prefix = prefix;
    this.usage = usage;
    this.options = options;
    this.cluster = cluster;
    this.body = body;
  }

  /** A command that reads files only; its error lines start with {@code name}. */
  static ParsedCommand offline(String name, String usage, Options options, Body body) {
    return new ParsedCommand(name, usage, options, false, body);
  }

  /** A command against a cluster or a provider; its error lines start with {@code dnsguard name}. */
  static ParsedCommand cluster(String name, String usage, Options options, Body body) {
    return new ParsedCommand("dnsguard " + name, usage + "\n" + ProviderOptions.USAGE, options, true, body);
  }

  /** A cluster command that starts {@code server} and exits 0 when the process is stopped. */
  static ParsedCommand server(String name, String usage, Options options, Server server) {
    return cluster(name, usage, options, (arguments, out) -> {
      server.run(arguments);
      return 0;
    });
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(usage);
      return 0;
    }
    try {
      Arguments arguments = Arguments.parse(args, options.withValue(), options.repeatable(), options.flags(),
          options.aliases());
      if (cluster) {
        arguments = arguments.withEnvironment(System.getenv());
      }
      if (!options.positional() && !arguments.positional().isEmpty()) {
        throw new UsageException("unexpected argument \"" + arguments.positional().getFirst() + "\"");
      }
      return body.run(arguments, out);
    } catch (UsageException e) {
      err.println(prefix + ": " + e.getMessage());
      err.println(usage);
      return Main.USAGE;
    } catch (PolicyException e) {
      err.println(prefix + ": invalid policy: " + e.getMessage());
      return Main.USAGE;
    } catch (InputException | PemException | IllegalArgumentException e) {
      err.println(prefix + ": " + e.getMessage());
      return Main.USAGE;
    } catch (ProviderException | TimeoutException e) {
      err.println(prefix + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (RuntimeException e) {
      if (cluster) {
        throw e;
      }
      // Never a stack trace offline: whatever slipped through is still reported as one line.
      err.println(prefix + ": cannot evaluate: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
      return Main.USAGE;
    }
  }
}
