package io.openova.dnsguard.reconciler.provider;

import io.openova.dnsguard.policies.cli.Arguments;
import io.openova.dnsguard.policies.cli.Arguments.UsageException;
import io.openova.dnsguard.reconciler.provider.azure.AzureOptions;
import io.openova.dnsguard.reconciler.provider.cloudflare.CloudflareOptions;
import io.openova.dnsguard.reconciler.provider.hetzner.HetznerOptions;
import io.openova.dnsguard.reconciler.provider.google.GoogleOptions;
import io.openova.dnsguard.reconciler.provider.powerdns.PowerDnsConfig;
import io.openova.dnsguard.reconciler.provider.powerdns.PowerDnsProvider;
import io.openova.dnsguard.reconciler.provider.route53.Route53Options;
import io.openova.dnsguard.reconciler.provider.support.Secret;
import io.openova.dnsguard.reconciler.provider.support.Timeouts;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The provider a command talks to, from its command line: {@code --provider NAME} and that
 * provider's options. Credentials come from the environment or mounted files, never from argv.
 */
public final class ProviderOptions {

  /** Every option this class reads, for the commands' option lists. */
  public static final Set<String> OPTIONS = Set.of("--provider", "--pdns-url", "--pdns-server-id",
      "--pdns-api-key-file", "--pdns-ca-file", "--pdns-timeout",
      "--aws-region", "--aws-assume-role", "--aws-endpoint-url",
      "--google-project", "--google-api-url", "--google-access-token-file",
      "--cloudflare-api-url", "--cloudflare-batch-size", "--cloudflare-api-token-file",
      "--hetzner-api-url", "--hetzner-token-file", "--hetzner-requests-per-hour",
      "--azure-subscription-id", "--azure-resource-group", "--azure-api-url", "--azure-token-url");

  /** Every flag (option without a value) this class reads; commands pass them to {@code Arguments.parse}. */
  public static final Set<String> FLAGS = Set.of("--cloudflare-proxied");

  public static final String USAGE = """
      providers:
        --provider none        no DNS provider (cluster-side rules only)
        --provider powerdns    --pdns-url URL [--pdns-server-id localhost] [--pdns-ca-file PEM]
                               [--pdns-timeout 30s] (per request, answer included; retries come on top)
                               API key: DNSGUARD_PDNS_API_KEY or --pdns-api-key-file FILE
      """ + CloudflareOptions.USAGE
      + "\n" + HetznerOptions.USAGE
      + "\n" + AzureOptions.USAGE
      + "\n" + Route53Options.USAGE
      + "\n" + GoogleOptions.USAGE;

  /** The providers dnsguard speaks to. */
  public enum Kind { NONE, POWERDNS, ROUTE53, GOOGLE, CLOUDFLARE, HETZNER, AZURE }

  private ProviderOptions() {}

  /** The configured provider, or empty for {@code --provider none} (the default). */
  public static Optional<DnsProvider> from(Arguments arguments, Map<String, String> environment) {
    return switch (arguments.choice("--provider", Kind.class, Kind.NONE)) {
      case NONE -> Optional.empty();
      case POWERDNS -> Optional.of(powerDns(arguments, environment));
      case ROUTE53 -> Optional.of(Route53Options.from(arguments, environment));
      case GOOGLE -> Optional.of(GoogleOptions.from(arguments, environment));
      case CLOUDFLARE -> Optional.of(CloudflareOptions.from(arguments, environment));
      case HETZNER -> Optional.of(HetznerOptions.from(arguments, environment));
      case AZURE -> Optional.of(AzureOptions.from(arguments, environment));
    };
  }

  private static DnsProvider powerDns(Arguments arguments, Map<String, String> environment) {
    URI url;
    try {
      url = URI.create(arguments.required("--pdns-url"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--pdns-url is not a URL: " + e.getMessage());
    }
    Secret key = arguments.optional("--pdns-api-key-file")
        .map(file -> Secret.fromFile(Path.of(file)))
        .orElseGet(() -> {
          String variable = Arguments.environmentName("--pdns-api-key");
          if (!environment.containsKey(variable)) {
            throw new UsageException("the PowerDNS API key is missing: set " + variable + " or --pdns-api-key-file");
          }
          return Secret.fromEnv(environment, variable);
        });
    try {
      PowerDnsConfig config = PowerDnsConfig.of(url, key)
          .withServerId(arguments.optional("--pdns-server-id").orElse("localhost"))
          .withRequestTimeout(arguments.duration("--pdns-timeout", Timeouts.PROVIDER_REQUEST));
      if (arguments.optional("--pdns-ca-file").isPresent()) {
        config = config.withCaCertificate(Path.of(arguments.required("--pdns-ca-file")));
      }
      return PowerDnsProvider.create(config);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
