package io.openova.dnsguard.providers.hetzner;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code --provider hetzner}: {@code [--hetzner-requests-per-hour 3600] [--hetzner-api-url URL]};
 * the token from {@code DNSGUARD_HETZNER_TOKEN} or {@code --hetzner-token-file FILE}, never argv.
 */
public final class HetznerOptions {

  public static final Set<String> OPTIONS = Set.of("--hetzner-api-url", "--hetzner-token-file",
      "--hetzner-requests-per-hour");

  /** Usage lines for this provider's options. */
  public static final String USAGE = String.join("\n",
      "  --provider hetzner     [--hetzner-requests-per-hour 3600] [--hetzner-api-url URL]",
      "                         token: DNSGUARD_HETZNER_TOKEN or --hetzner-token-file FILE");

  private HetznerOptions() {}

  public static DnsProvider from(Arguments arguments, Map<String, String> environment) {
    Secret token = arguments.optional("--hetzner-token-file")
        .map(file -> Secret.fromFile(Path.of(file)))
        .orElseGet(() -> {
          String variable = Arguments.environmentName("--hetzner-token");
          if (!environment.containsKey(variable)) {
            throw new UsageException("the Hetzner Cloud API token is missing: set " + variable
                + " or --hetzner-token-file");
          }
          return Secret.fromEnv(environment, variable);
        });
    try {
      HetznerConfig config = HetznerConfig.of(token);
      int perHour = arguments.integer("--hetzner-requests-per-hour", config.requestsPerHour(), 1, 1_000_000);
      config = config.withBudget(perHour, Math.min(config.burst(), perHour), Math.min(config.reserve(), perHour / 10));
      if (arguments.optional("--hetzner-api-url").isPresent()) {
        try {
          config = config.withApiUrl(URI.create(arguments.required("--hetzner-api-url")));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--hetzner-api-url is not a URL: " + e.getMessage());
        }
      }
      return HetznerProvider.create(config);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
