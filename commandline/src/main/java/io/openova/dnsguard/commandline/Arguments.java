package io.openova.dnsguard.commandline;

import io.openova.dnsguard.policies.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Command-line arguments of every dnsguard command, parsed by picocli: {@code --name value} or {@code
 * --name=value} options (some repeatable), flags without a value, and positional arguments. An option not given
 * on the command line may come from the environment as {@code DNSGUARD_<NAME>} (upper snake case)
 * when the command asks for it with {@link #withEnvironment}: containers keep secrets out of argv.
 */
public final class Arguments {
  private final Map<String, List<String>> options;
  private final List<String> positional;
  private final Map<String, String> environment;

  private Arguments(Map<String, List<String>> options, List<String> positional, Map<String, String> environment) {
    this.options = options;
    this.positional = positional;
    this.environment = environment;
  }

  /** Thrown for bad usage; its message is shown as one line and the command exits 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  /** These arguments, falling back to {@code DNSGUARD_*} variables of {@code env} for absent options. */
  public Arguments withEnvironment(Map<String, String> env) {
    return new Arguments(options, positional, Map.copyOf(env));
  }

  /** {@code --pdns-api-key} → {@code DNSGUARD_PDNS_API_KEY}. */
  public static String environmentName(String option) {
    return "DNSGUARD_" + option.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * Parses {@code args} allowing the options in {@code withValue} and the flags in {@code flags}; {@code
   * repeatable} lists the options that may be given more than once.
   */
  public static Arguments parse(List<String> args, Set<String> withValue, Set<String> repeatable, Set<String> flags) {
    return parse(args, withValue, repeatable, flags, Map.of());
  }

  /**
   * As {@link #parse(List, Set, Set, Set)}, with short {@code aliases} of options or flags ({@code -f}
   * for {@code --filename}). picocli does the parsing; this keeps dnsguard's one-line messages and the
   * environment fallback.
   */
  public static Arguments parse(List<String> args, Set<String> withValue, Set<String> repeatable, Set<String> flags,
      Map<String, String> aliases) {
    CommandSpec spec = CommandSpec.create();
    spec.parser().overwrittenOptionsAllowed(true).caseInsensitiveEnumValuesAllowed(true);
    Map<String, OptionSpec> byName = new LinkedHashMap<>();
    for (String name : withValue) {
      byName.put(name, OptionSpec.builder(names(name, aliases)).arity("1").type(List.class)
          .auxiliaryTypes(String.class).build());
    }
    for (String name : flags) {
      byName.put(name, OptionSpec.builder(names(name, aliases)).arity("0").type(List.class)
          .auxiliaryTypes(Boolean.class).build());
    }
    byName.values().forEach(spec::addOption);
    spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").type(List.class)
        .auxiliaryTypes(String.class).build());
    ParseResult result;
    try {
      result = new CommandLine(spec).parseArgs(args.toArray(String[]::new));
    } catch (UnmatchedArgumentException e) {
      throw new UsageException("unknown option " + e.getUnmatched().getFirst());
    } catch (MissingParameterException e) {
      throw new UsageException(e.getMissing().stream().map(Arguments::longName).findFirst().orElse("an option")
          + " needs a value");
    } catch (ParameterException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (Map.Entry<String, OptionSpec> option : byName.entrySet()) {
      String name = option.getKey();
      List<?> values = result.matchedOptionValue(name, List.of());
      if (values.isEmpty()) {
        continue;
      }
      if (values.size() > 1 && !repeatable.contains(name)) {
        throw new UsageException(name + " given more than once");
      }
      List<String> texts = values.stream().map(String::valueOf).toList();
      if (withValue.contains(name) && texts.stream().anyMatch(String::isEmpty)) {
        throw new UsageException(name + " needs a non-empty value");
      }
      options.put(name, texts);
    }
    List<String> positional = result.matchedPositionalValue(0, List.<String>of());
    return new Arguments(options, List.copyOf(positional), Map.of());
  }

  private static String[] names(String name, Map<String, String> aliases) {
    List<String> names = new ArrayList<>(List.of(name));
    aliases.forEach((alias, target) -> {
      if (target.equals(name)) {
        names.add(alias);
      }
    });
    return names.toArray(String[]::new);
  }

  private static String longName(ArgSpec spec) {
    return spec instanceof OptionSpec option ? option.longestName() : spec.paramLabel();
  }

  public String required(String name) {
    return optional(name).orElseThrow(() -> new UsageException("missing " + name));
  }

  public Optional<String> optional(String name) {
    List<String> values = options.get(name);
    if (values != null) {
      return Optional.of(values.getFirst());
    }
    String fromEnvironment = environment.get(environmentName(name));
    return fromEnvironment == null || fromEnvironment.isEmpty() ? Optional.empty() : Optional.of(fromEnvironment);
  }

  /** A Go-style duration ({@code 90s}, {@code 10m}, {@code 1h30m}), or {@code fallback} when absent. */
  public Duration duration(String name, Duration fallback) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return fallback;
    }
    Duration value = GoDuration.parse(text.get())
        .orElseThrow(() -> new UsageException(name + " \"" + text.get() + "\" is not a duration (e.g. 90s, 10m, 1h30m)"));
    if (value.isNegative()) {
      throw new UsageException(name + " must not be negative");
    }
    return value;
  }

  /** An integer within {@code min..max}, or {@code fallback} when absent. */
  public int integer(String name, int fallback, int min, int max) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.get().trim());
      if (value < min || value > max) {
        throw new UsageException(name + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " \"" + text.get() + "\" is not a number");
    }
  }

  /** One of {@code choices} (case-insensitive), or {@code fallback} when absent. */
  public <E extends Enum<E>> E choice(String name, Class<E> choices, E fallback) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return fallback;
    }
    String wanted = text.get().trim().replace('-', '_');
    for (E candidate : choices.getEnumConstants()) {
      if (candidate.name().equalsIgnoreCase(wanted)) {
        return candidate;
      }
    }
    throw new UsageException(name + " \"" + text.get() + "\" is not one of "
        + java.util.Arrays.stream(choices.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
  }

  public List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  public boolean flag(String name) {
    return options.containsKey(name) || "true".equalsIgnoreCase(environment.get(environmentName(name)));
  }

  public List<String> positional() {
    return positional;
  }
}
