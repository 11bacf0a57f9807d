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
import io.openova.dnsguard.reconciler.provider.support.Calls;
import io.openova.dnsguard.reconciler.provider.support.RetryPolicy;
import io.openova.dnsguard.reconciler.provider.support.Secret;
import io.openova.dnsguard.reconciler.provider.support.Timeouts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The provider a command talks to, from its command line: {@code --provider NAME} and that
 * provider's options. Credentials come from the environment or mounted files, never from argv.
 * This is the one place where the shared request machinery is chosen for every provider alike
 * ({@link Calls}: {@code --provider-timeout} per request, the retry policy); a provider adds only
 * what is its own (pacing to its API's budget).
 */
public final class ProviderOptions {

  /** Every option this class and the providers' option classes read, for the commands' option lists. */
  public static final Set<String> OPTIONS = Stream.of(Set.of("--provider", "--provider-timeout", "--pdns-url",
          "--pdns-server-id", "--pdns-api-key-file", "--pdns-ca-file", "--pdns-timeout"),
      Route53Options.OPTIONS, GoogleOptions.OPTIONS, CloudflareOptions.OPTIONS, HetznerOptions.OPTIONS,
      AzureOptions.OPTIONS).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

  /** Every flag (option without a value) the providers read; commands pass them to {@code Arguments.parse}. */
  public static final Set<String> FLAGS = CloudflareOptions.FLAGS;

  public static final String USAGE = """
      providers:
        --provider none        no DNS provider (cluster-side rules only)
        --provider-timeout 30s every provider: the limit on one request, answer included (retries come on top)
        --provider powerdns    --pdns-url URL [--pdns-server-id localhost] [--pdns-ca-file PEM]
                               API key: DNSGUARD_PDNS_API_KEY or --pdns-api-key-file FILE
                               (--pdns-timeout: the former name of --provider-timeout)
        --provider cloudflare  [--cloudflare-proxied] [--cloudflare-batch-size 200 (Free plan) | 3500 (Pro and up)]
                               [--cloudflare-api-url URL]
                               API token: DNSGUARD_CLOUDFLARE_API_TOKEN or --cloudflare-api-token-file FILE
        --provider hetzner     [--hetzner-requests-per-hour 3600] [--hetzner-api-url URL]
                               token: DNSGUARD_HETZNER_TOKEN or --hetzner-token-file FILE
        --provider azure       --azure-subscription-id ID --azure-resource-group RG
                               [--azure-api-url URL] [--azure-token-url URL]
                               identity: DNSGUARD_AZURE_TENANT_ID, DNSGUARD_AZURE_CLIENT_ID and
                               DNSGUARD_AZURE_CLIENT_SECRET, or AZURE_FEDERATED_TOKEN_FILE (workload identity)
        --provider route53     [--aws-region R] [--aws-assume-role ARN] [--aws-endpoint-url URL]
                               credentials: the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
                               IRSA web identity, profile, instance role); region default AWS_REGION, us-east-1
        --provider google      --google-project P [--google-api-url URL]
                               credentials: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS,
                               workload identity); or a token: DNSGUARD_GOOGLE_ACCESS_TOKEN or --google-access-token-file FILE
      """;

  /** The providers dnsguard speaks to. */
  public enum Kind { NONE, POWERDNS, ROUTE53, GOOGLE, CLOUDFLARE, HETZNER, AZURE }

  private ProviderOptions() {}

  /** The configured provider, or empty for {@code --provider none} (the default). */
  public static Optional<DnsProvider> from(Arguments arguments, Map<String, String> environment) {
    Kind kind = arguments.choice("--provider", Kind.class, Kind.NONE);
    if (kind == Kind.NONE) {
      return Optional.empty();
    }
    Calls calls = calls(arguments);
    return Optional.of(switch (kind) {
      case NONE -> throw new IllegalStateException("no provider");
      case POWERDNS -> powerDns(arguments, environment, calls);
      case ROUTE53 -> Route53Options.from(arguments, environment, calls);
      case GOOGLE -> GoogleOptions.from(arguments, environment, calls);
      case CLOUDFLARE -> CloudflareOptions.from(arguments, environment, calls);
      case HETZNER -> HetznerOptions.from(arguments, environment, calls);
      case AZURE -> AzureOptions.from(arguments, environment, calls);
    });
  }

  /** How every provider request is made: {@code --provider-timeout} (or its former name {@code --pdns-timeout}), default retries. */
  static Calls calls(Arguments arguments) {
    Duration timeout = arguments.duration("--provider-timeout",
        arguments.duration("--pdns-timeout", Timeouts.PROVIDER_REQUEST));
    if (timeout.isZero()) {
      throw new UsageException("--provider-timeout must be positive");
    }
    return Calls.of(timeout, RetryPolicy.DEFAULT);
  }

  /**
   * A credential from the file named by {@code fileOption}, else from the environment variable of
   * {@code option} (never from argv).
   *
   * @param what names the credential in the error, e.g. {@code the Cloudflare API token}
   */
  public static Secret secret(Arguments arguments, Map<String, String> environment, String option, String fileOption,
      String what) {
    return arguments.optional(fileOption)
        .map(file -> Secret.fromFile(Path.of(file)))
        .orElseGet(() -> {
          String variable = Arguments.environmentName(option);
          if (!environment.containsKey(variable)) {
            throw new UsageException(what + " is missing: set " + variable + " or " + fileOption);
          }
          return Secret.fromEnv(environment, variable);
        });
  }

  /** The URL an option gives, or a usage error naming the option. */
  public static URI url(String option, String text) {
    try {
      return URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " is not a URL: " + e.getMessage());
    }
  }

  private static DnsProvider powerDns(Arguments arguments, Map<String, String> environment, Calls calls) {
    URI url = url("--pdns-url", arguments.required("--pdns-url"));
    Secret key = secret(arguments, environment, "--pdns-api-key", "--pdns-api-key-file", "the PowerDNS API key");
    try {
      PowerDnsConfig config = PowerDnsConfig.of(url, key)
          .withServerId(arguments.optional("--pdns-server-id").orElse("localhost"));
      if (arguments.optional("--pdns-ca-file").isPresent()) {
        config = config.withCaCertificate(Path.of(arguments.required("--pdns-ca-file")));
      }
      return new PowerDnsProvider(config, calls);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
