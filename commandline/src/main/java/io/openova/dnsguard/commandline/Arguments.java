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

/**
 * Command-line arguments of every dnsguard command: {@code --name value} or {@code --name=value}
 * options (some repeatable), flags without a value, and positional arguments. An option not given
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
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.equals("--")) {
        positional.add(arg);
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      String value;
      if (flags.contains(name)) {
        if (equals >= 0) {
          throw new UsageException(name + " takes no value");
        }
        value = "true";
      } else if (withValue.contains(name)) {
        if (equals >= 0) {
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new UsageException(name + " needs a value");
        }
        if (value.isEmpty()) {
          throw new UsageException(name + " needs a non-empty value");
        }
      } else {
        throw new UsageException("unknown option " + name);
      }
      List<String> values = options.computeIfAbsent(name, key -> new ArrayList<>());
      if (!values.isEmpty() && !repeatable.contains(name)) {
        throw new UsageException(name + " given more than once");
      }
      values.add(value);
    }
    return new Arguments(options, positional, Map.of());
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
