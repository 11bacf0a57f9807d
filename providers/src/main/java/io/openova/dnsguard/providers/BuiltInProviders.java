package io.openova.dnsguard.providers;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderFactory;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Secret;
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

/**
 * The providers this module brings, each registered for {@code --provider NAME} through {@code
 * META-INF/services/io.openova.dnsguard.provider.ProviderFactory}.
 */
public final class BuiltInProviders {

  private BuiltInProviders() {}

  /** How a provider is built from its options. */
  @FunctionalInterface
  private interface Builder {
    DnsProvider build(Arguments arguments, Map<String, String> environment, Calls calls);
  }

  /** A factory from its name, options, usage and builder. */
  private abstract static class Registered implements ProviderFactory {
    private final String name;
    private final Set<String> options;
    private final Set<String> flags;
    private final String usage;
    private final Builder builder;

    Registered(String name, Set<String> options, Set<String> flags, String usage, Builder builder) {
      this.name = name;
      this.options = options;
      this.flags = flags;
      this.usage = usage;
      this.builder = builder;
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

    @Override public DnsProvider create(Arguments arguments, Map<String, String> environment, Calls calls) {
      return builder.build(arguments, environment, calls);
    }
  }

  public static final class PowerDns extends Registered {
    public PowerDns() {
      super("powerdns", Set.of("--pdns-url", "--pdns-server-id", "--pdns-api-key-file", "--pdns-ca-file", "--pdns-timeout"),
          Set.of(), """
              --provider powerdns    --pdns-url URL [--pdns-server-id localhost] [--pdns-ca-file PEM]
                                     API key: DNSGUARD_PDNS_API_KEY or --pdns-api-key-file FILE
                                     (--pdns-timeout: the former name of --provider-timeout)""", BuiltInProviders::powerDns);
    }
  }

  public static final class Cloudflare extends Registered {
    public Cloudflare() {
      super("cloudflare", CloudflareOptions.OPTIONS, CloudflareOptions.FLAGS, """
              --provider cloudflare  [--cloudflare-proxied] [--cloudflare-batch-size 200 (Free plan) | 3500 (Pro and up)]
                                     [--cloudflare-api-url URL]
                                     API token: DNSGUARD_CLOUDFLARE_API_TOKEN or --cloudflare-api-token-file FILE""",
          CloudflareOptions::from);
    }
  }

  public static final class Hetzner extends Registered {
    public Hetzner() {
      super("hetzner", HetznerOptions.OPTIONS, Set.of(), """
              --provider hetzner     [--hetzner-requests-per-hour 3600] [--hetzner-api-url URL]
                                     token: DNSGUARD_HETZNER_TOKEN or --hetzner-token-file FILE""", HetznerOptions::from);
    }
  }

  public static final class Azure extends Registered {
    public Azure() {
      super("azure", AzureOptions.OPTIONS, Set.of(), """
              --provider azure       --azure-subscription-id ID --azure-resource-group RG
                                     [--azure-api-url URL] [--azure-token-url URL]
                                     identity: DNSGUARD_AZURE_TENANT_ID, DNSGUARD_AZURE_CLIENT_ID and
                                     DNSGUARD_AZURE_CLIENT_SECRET, or AZURE_FEDERATED_TOKEN_FILE (workload identity)""", AzureOptions::from);
    }
  }

  public static final class Route53 extends Registered {
    public Route53() {
      super("route53", Route53Options.OPTIONS, Set.of(), """
              --provider route53     [--aws-region R] [--aws-assume-role ARN] [--aws-endpoint-url URL]
                                     credentials: the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
                                     IRSA web identity, profile, instance role); region default AWS_REGION, us-east-1""", Route53Options::from);
    }
  }

  public static final class Google extends Registered {
    public Google() {
      super("google", GoogleOptions.OPTIONS, Set.of(), """
              --provider google      --google-project P [--google-api-url URL]
                                     credentials: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS,
                                     workload identity); or a token: DNSGUARD_GOOGLE_ACCESS_TOKEN or --google-access-token-file FILE""", GoogleOptions::from);
    }
  }

  private static DnsProvider powerDns(Arguments arguments, Map<String, String> environment, Calls calls) {
    URI url = ProviderOptions.url("--pdns-url", arguments.required("--pdns-url"));
    Secret key = ProviderOptions.secret(arguments, environment, "--pdns-api-key", "--pdns-api-key-file",
        "the PowerDNS API key");
    try {
      PowerDnsConfig config = PowerDnsConfig.of(url, key)
          .withServerId(arguments.optional("--pdns-server-id").orElse("localhost"));
      if (arguments.optional("--pdns-ca-file").isPresent()) {
        config = config.withCaCertificate(Path.of(arguments.required("--pdns-ca-file")));
      }
      return new PowerDnsProvider(config, calls);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
  }
}
