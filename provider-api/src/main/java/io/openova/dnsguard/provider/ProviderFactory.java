package io.openova.dnsguard.provider;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.provider.support.Calls;
import java.util.Map;
import java.util.Set;

/**
 * One provider a command can name with {@code --provider NAME}: the options it reads and how it
 * is built from them. Implementations register through {@link java.util.ServiceLoader}, so the
 * webhook and the reconciler build providers without depending on any implementation.
 */
public interface ProviderFactory {

  /** The value of {@code --provider} that selects this provider, in lower case. */
  String name();

  /** The options (with a value) this provider reads. */
  Set<String> options();

  /** The flags (options without a value) this provider reads. */
  default Set<String> flags() {
    return Set.of();
  }

  /** Usage lines for this provider's options, indented as {@link ProviderOptions#USAGE} shows them. */
  String usage();

  /**
   * The provider, from the command line and the environment (credentials come from the environment
   * or mounted files, never from argv), making every request through {@code calls} (the time limit
   * and retries chosen once for all providers); throws {@link Arguments.UsageException} on a bad option.
   */
  DnsProvider create(Arguments arguments, Map<String, String> environment, Calls calls);
}
