package io.openova.dnsguard.providers.cloudflare;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Secret;
import java.util.Map;
import java.util.Set;

/**
 * {@code --provider cloudflare}: {@code [--cloudflare-proxied] [--cloudflare-batch-size N]
 * [--cloudflare-api-url URL]}; the API token from {@code DNSGUARD_CLOUDFLARE_API_TOKEN} or
 * {@code --cloudflare-api-token-file FILE}, never from argv.
 */
public final class CloudflareOptions {

  /** Options with a value. */
  public static final Set<String> OPTIONS = Set.of("--cloudflare-api-url", "--cloudflare-batch-size",
      "--cloudflare-api-token-file");
  /** Options without a value. */
  public static final Set<String> FLAGS = Set.of("--cloudflare-proxied");


  private CloudflareOptions() {}

  public static DnsProvider from(Arguments arguments, Map<String, String> environment, Calls calls) {
    Secret token = ProviderOptions.secret(arguments, environment, "--cloudflare-api-token",
        "--cloudflare-api-token-file", "the Cloudflare API token");
    try {
      CloudflareConfig config = CloudflareConfig.of(token)
          .withProxiedByDefault(arguments.flag("--cloudflare-proxied"))
          .withBatchSize(arguments.integer("--cloudflare-batch-size", CloudflareConfig.DEFAULT_BATCH_SIZE, 2, 3_500));
      if (arguments.optional("--cloudflare-api-url").isPresent()) {
        config = config.withApiUrl(ProviderOptions.url("--cloudflare-api-url", arguments.required("--cloudflare-api-url")));
      }
      return new CloudflareProvider(config, calls);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
  }
}
