package io.openova.dnsguard.providers.route53;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.support.Calls;
import java.util.Map;
import java.util.Set;

/**
 * {@code --provider route53} and its options. Credentials never come from the command line: the
 * SDK's default chain reads {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, the web
 * identity token of IRSA ({@code AWS_WEB_IDENTITY_TOKEN_FILE}, {@code AWS_ROLE_ARN}), profiles and
 * instance roles.
 */
public final class Route53Options {

  /** The options read here. */
  public static final Set<String> OPTIONS = Set.of("--aws-region", "--aws-assume-role", "--aws-endpoint-url");


  private Route53Options() {}

  public static DnsProvider from(Arguments arguments, Map<String, String> environment, Calls calls) {
    String region = arguments.optional("--aws-region")
        .or(() -> java.util.Optional.ofNullable(environment.get("AWS_REGION")))
        .or(() -> java.util.Optional.ofNullable(environment.get("AWS_DEFAULT_REGION")))
        .orElse("us-east-1");
    try {
      Route53Config config = Route53Config.of(region.strip());
      if (arguments.optional("--aws-assume-role").isPresent()) {
        config = config.withAssumeRole(arguments.required("--aws-assume-role").strip());
      }
      if (arguments.optional("--aws-endpoint-url").isPresent()) {
        config = config.withEndpoint(ProviderOptions.url("--aws-endpoint-url", arguments.required("--aws-endpoint-url")));
      }
      return new Route53Provider(config, calls);
    } catch (IllegalArgumentException e) {
      throw new UsageException("route53: " + e.getMessage());
    }
  }
}
