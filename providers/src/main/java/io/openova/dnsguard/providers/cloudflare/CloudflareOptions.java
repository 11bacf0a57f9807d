package io.openova.dnsguard.providers.cloudflare;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.nio.file.Path;
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

  /** Usage lines for this provider's options. */
  public static final String USAGE = String.join("\n",
      "  --provider cloudflare  [--cloudflare-proxied] [--cloudflare-batch-size 200 (Free plan) | 3500 (Pro and up)]",
      "                         [--cloudflare-api-url URL]",
      "                         API token: DNSGUARD_CLOUDFLARE_API_TOKEN or --cloudflare-api-token-file FILE");

  private CloudflareOptions() {}

  public static DnsProvider from(Arguments arguments, Map<String, String> environment) {
    Secret token = arguments.optional("--cloudflare-api-token-file")
        .map(file -> Secret.fromFile(Path.of(file)))
        .orElseGet(() -> {
          String variable = Arguments.environmentName("--cloudflare-api-token");
          if (!environment.containsKey(variable)) {
            throw new UsageException("the Cloudflare API token is missing: set " + variable
                + " or --cloudflare-api-token-file");
          }
          return Secret.fromEnv(environment, variable);
        });
    try {
      CloudflareConfig config = CloudflareConfig.of(token)
          .withProxiedByDefault(arguments.flag("--cloudflare-proxied"))
          .withBatchSize(arguments.integer("--cloudflare-batch-size", CloudflareConfig.DEFAULT_BATCH_SIZE, 2, 3_500));
      if (arguments.optional("--cloudflare-api-url").isPresent()) {
        config = config.withApiUrl(url(arguments.required("--cloudflare-api-url")));
      }
      return CloudflareProvider.create(config);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static URI url(String text) {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--cloudflare-api-url is not a URL: " + e.getMessage());
    }
  }
}
