package io.openova.dnsguard.provider;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.RetryPolicy;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.provider.support.Timeouts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The provider a command talks to, from its command line: {@code --provider NAME} and that
 * provider's options, for every {@link ProviderFactory} on the class path ({@code none}, the
 * default, means cluster-side rules only). Credentials come from the environment or mounted files,
 * never from argv. This is the one place where the shared request machinery is chosen for every
 * provider alike ({@link Calls}: {@code --provider-timeout} per request, the retry policy); a
 * provider adds only what is its own (pacing to its API's budget).
 */
public final class ProviderOptions {

  private static final Map<String, ProviderFactory> FACTORIES = load();

  /** Every option the providers read, for the commands' option lists. */
  public static final Set<String> OPTIONS = collect(ProviderFactory::options, "--provider", "--provider-timeout");

  /** Every flag (option without a value) the providers read. */
  public static final Set<String> FLAGS = collect(ProviderFactory::flags);

  public static final String USAGE = """
      providers:
        --provider none        no DNS provider (cluster-side rules only)
        --provider-timeout 30s every provider: the limit on one request, answer included (retries come on top)
      """ + FACTORIES.values().stream().map(ProviderFactory::usage).collect(Collectors.joining("\n"));

  private ProviderOptions() {}

  /** The configured provider, or empty for {@code --provider none} (the default). */
  public static Optional<DnsProvider> from(Arguments arguments, Map<String, String> environment) {
    String name = arguments.optional("--provider").orElse("none").strip().toLowerCase(Locale.ROOT);
    if (name.equals("none")) {
      return Optional.empty();
    }
    ProviderFactory factory = FACTORIES.get(name);
    if (factory == null) {
      List<String> names = new ArrayList<>(List.of("none"));
      names.addAll(FACTORIES.keySet());
      throw new UsageException("--provider \"" + arguments.required("--provider") + "\" is not one of " + names);
    }
    return Optional.of(factory.create(arguments, environment, calls(arguments)));
  }

  /** How every provider request is made: {@code --provider-timeout} (or its former name {@code --pdns-timeout}), default retries. */
  public static Calls calls(Arguments arguments) {
    Duration timeout = arguments.duration("--provider-timeout",
        arguments.duration("--pdns-timeout", Timeouts.PROVIDER_REQUEST));
    if (timeout.isZero()) {
      throw new UsageException("--provider-timeout must be positive");
    }
    return Calls.of(timeout, RetryPolicy.DEFAULT);
  }

  /**
   * A credential from the file named by {@code fileOption}, else from the environment variable of
   * {@code option} (never from argv).
   *
   * @param what names the credential in the error, e.g. {@code the Cloudflare API token}
   */
  public static Secret secret(Arguments arguments, Map<String, String> environment, String option, String fileOption,
      String what) {
    return arguments.optional(fileOption)
        .map(file -> Secret.fromFile(Path.of(file)))
        .orElseGet(() -> {
          String variable = Arguments.environmentName(option);
          if (!environment.containsKey(variable)) {
            throw new UsageException(what + " is missing: set " + variable + " or " + fileOption);
          }
          return Secret.fromEnv(environment, variable);
        });
  }

  /** The URL an option gives, or a usage error naming the option. */
  public static URI url(String option, String text) {
    try {
      return URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " is not a URL: " + e.getMessage());
    }
  }

  private static Map<String, ProviderFactory> load() {
    Map<String, ProviderFactory> factories = new LinkedHashMap<>();
    for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class, ProviderOptions.class.getClassLoader())) {
      factories.put(factory.name(), factory);
    }
    return factories;
  }

  private static Set<String> collect(Function<ProviderFactory, Set<String>> part, String... more) {
    Set<String> all = new LinkedHashSet<>(List.of(more));
    FACTORIES.values().forEach(factory -> all.addAll(part.apply(factory)));
    return Set.copyOf(all);
  }
}
