package io.openova.dnsguard.providers.hetzner;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Secret;
import java.util.Map;
import java.util.Set;

/**
 * {@code --provider hetzner}: {@code [--hetzner-requests-per-hour 3600] [--hetzner-api-url URL]};
 * the token from {@code DNSGUARD_HETZNER_TOKEN} or {@code --hetzner-token-file FILE}, never argv.
 */
public final class HetznerOptions {

  public static final Set<String> OPTIONS = Set.of("--hetzner-api-url", "--hetzner-token-file",
      "--hetzner-requests-per-hour");


  private HetznerOptions() {}

  public static DnsProvider from(Arguments arguments, Map<String, String> environment, Calls calls) {
    Secret token = ProviderOptions.secret(arguments, environment, "--hetzner-token", "--hetzner-token-file",
        "the Hetzner Cloud API token");
    try {
      HetznerConfig config = HetznerConfig.of(token);
      int perHour = arguments.integer("--hetzner-requests-per-hour", config.requestsPerHour(), 1, 1_000_000);
      config = config.withBudget(perHour, Math.min(config.burst(), perHour), Math.min(config.reserve(), perHour / 10));
      if (arguments.optional("--hetzner-api-url").isPresent()) {
        config = config.withApiUrl(ProviderOptions.url("--hetzner-api-url", arguments.required("--hetzner-api-url")));
      }
      return new HetznerProvider(config, calls);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
  }
}
