package io.openova.dnsguard.providers;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderFactory;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.provider.support.Timeouts;
import io.openova.dnsguard.providers.azure.AzureOptions;
import io.openova.dnsguard.providers.cloudflare.CloudflareOptions;
import io.openova.dnsguard.providers.google.GoogleOptions;
import io.openova.dnsguard.providers.hetzner.HetznerOptions;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.providers.route53.Route53Options;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The providers this module brings, each registered for {@code --provider NAME} through {@code
 * META-INF/services/io.openova.dnsguard.provider.ProviderFactory}.
 */
public final class BuiltInProviders {

  private BuiltInProviders() {}

  /** A factory from its name, options, usage and builder. */
  private abstract static class Registered implements ProviderFactory {
    private final String name;
    private final Set<String> options;
    private final Set<String> flags;
    private final String usage;
    private final BiFunction<Arguments, Map<String, String>, DnsProvider> create;

    Registered(String name, Set<String> options, Set<String> flags, String usage,
        BiFunction<Arguments, Map<String, String>, DnsProvider> create) {
      this.name = name;
      this.options = options;
      this.flags = flags;
      this.usage = usage;
      this.create = create;
    }

    @Override public String name() {
      return name;
    }

    @Override public Set<String> options() {
      return options;
    }

    @Override public Set<String> flags() {
      return flags;
    }

    @Override public String usage() {
      return usage;
    }

    @Override public DnsProvider create(Arguments arguments, Map<String, String> environment) {
      return create.apply(arguments, environment);
    }
  }

  public static final class PowerDns extends Registered {
    public PowerDns() {
      super("powerdns", Set.of("--pdns-url", "--pdns-server-id", "--pdns-api-key-file", "--pdns-ca-file", "--pdns-timeout"),
          Set.of(), """
            --provider powerdns    --pdns-url URL [--pdns-server-id localhost] [--pdns-ca-file PEM]
                                   [--pdns-timeout 30s] (per request, answer included; retries come on top)
                                   API key: DNSGUARD_PDNS_API_KEY or --pdns-api-key-file FILE""",
          BuiltInProviders::powerDns);
    }
  }

  public static final class Route53 extends Registered {
    public Route53() {
      super("route53", Set.of("--aws-region", "--aws-assume-role", "--aws-endpoint-url"), Set.of(),
          Route53Options.USAGE, Route53Options::from);
    }
  }

  public static final class Google extends Registered {
    public Google() {
      super("google", Set.of("--google-project", "--google-api-url", "--google-access-token-file"), Set.of(),
          GoogleOptions.USAGE, GoogleOptions::from);
    }
  }

  public static final class Cloudflare extends Registered {
    public Cloudflare() {
      super("cloudflare", Set.of("--cloudflare-api-url", "--cloudflare-batch-size", "--cloudflare-api-token-file"),
          Set.of("--cloudflare-proxied"), CloudflareOptions.USAGE, CloudflareOptions::from);
    }
  }

  public static final class Hetzner extends Registered {
    public Hetzner() {
      super("hetzner", Set.of("--hetzner-api-url", "--hetzner-token-file", "--hetzner-requests-per-hour"), Set.of(),
          HetznerOptions.USAGE, HetznerOptions::from);
    }
  }

  public static final class Azure extends Registered {
    public Azure() {
      super("azure", Set.of("--azure-subscription-id", "--azure-resource-group", "--azure-api-url", "--azure-token-url"),
          Set.of(), AzureOptions.USAGE, AzureOptions::from);
    }
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
