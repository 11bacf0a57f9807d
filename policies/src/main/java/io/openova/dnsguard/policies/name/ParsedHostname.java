package io.openova.dnsguard.policies.name;

import java.util.Objects;

/** The outcome of {@link Hostname#parse(String)}: a canonical name, or the rule the input breaks. */
public sealed interface ParsedHostname {

  record Valid(Hostname hostname) implements ParsedHostname {
    public Valid {
      Objects.requireNonNull(hostname, "hostname");
    }
  }

  record Invalid(String input, HostnameRule rule) implements ParsedHostname {
    public Invalid {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(rule, "rule");
    }

    /** {@code invalid hostname "a..b": labels must not be empty (...)}. */
    public String message() {
      return "invalid hostname \"" + input + "\": " + rule.text();
    }
  }
}
