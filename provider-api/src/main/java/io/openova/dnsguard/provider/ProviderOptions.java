package io.openova.dnsguard.provider;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
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
 * default, means cluster-side rules only).
 */
public final class ProviderOptions {

  private static final Map<String, ProviderFactory> FACTORIES = load();

  /** Every option the providers read, for the commands' option lists. */
  public static final Set<String> OPTIONS = collect(ProviderFactory::options, "--provider");

  /** Every flag (option without a value) the providers read. */
  public static final Set<String> FLAGS = collect(ProviderFactory::flags);

  public static final String USAGE = "providers:\n"
      + "  --provider none        no DNS provider (cluster-side rules only)\n"
      + FACTORIES.values().stream().map(ProviderFactory::usage).collect(Collectors.joining("\n"));

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
    return Optional.of(factory.create(arguments, environment));
  }

  private static Map<String, ProviderFactory> load() {
    Map<String, ProviderFactory> factories = new LinkedHashMap<>();
    for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class, ProviderOptions.class.getClassLoader())) {
      factories.put(factory.name(), factory);
    }
    return factories;
  }

  private static Set<String> collect(Function<ProviderFactory, Set<String>> part, String... more) {
    Set<String> all = new LinkedHashSet<>(Set.of(more));
    FACTORIES.values().forEach(factory -> all.addAll(part.apply(factory)));
    return Set.copyOf(all);
  }
}
