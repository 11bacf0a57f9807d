package io.openova.dnsguard.certs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line arguments: {@code --name value} or {@code --name=value} options (some repeatable),
 * flags without a value, and positional arguments.
 */
final class Arguments {
  private final Map<String, List<String>> options;
  private final List<String> positional;

  private Arguments(Map<String, List<String>> options, List<String> positional) {
    this.options = options;
    this.positional = positional;
  }

  /** Thrown for bad usage; its message is shown as one line and the command exits 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code args} allowing the options in {@code withValue} and the flags in {@code flags}; {@code
   * repeatable} lists the options that may be given more than once.
   */
  static Arguments parse(List<String> args, Set<String> withValue, Set<String> repeatable, Set<String> flags) {
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
    return new Arguments(options, positional);
  }

  String required(String name) {
    return optional(name).orElseThrow(() -> new UsageException("missing " + name));
  }

  Optional<String> optional(String name) {
    List<String> values = options.get(name);
    return values == null ? Optional.empty() : Optional.of(values.getFirst());
  }

  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  List<String> positional() {
    return positional;
  }
}
