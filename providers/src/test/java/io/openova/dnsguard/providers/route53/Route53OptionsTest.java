package io.openova.dnsguard.providers.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.support.Secret;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Route53OptionsTest {

  private static Arguments args(String... args) {
    return Arguments.parse(List.of(args), ProviderOptions.OPTIONS, Set.of(), Set.of());
  }

  @Test
  void from_providerRoute53_buildsTheProvider() {
    DnsProvider provider = ProviderOptions.from(args("--provider", "route53", "--aws-region", "eu-central-1",
        "--aws-assume-role", "arn:aws:iam::123456789012:role/dns", "--aws-endpoint-url", "http://127.0.0.1:1"), Map.of())
        .orElseThrow();

    assertThat(provider.name()).isEqualTo("route53");
    assertThat(provider.capabilities().maxChangesPerRequest()).isEqualTo(1_000);
    ((Route53Provider) provider).close();
  }

  @Test
  void from_badRegionOrRole_usageErrorNamingIt() {
    assertThatThrownBy(() -> Route53Options.from(args("--aws-region", "europe"), Map.of(), io.openova.dnsguard.provider.support.Calls.standard()))
        .isInstanceOf(Arguments.UsageException.class).hasMessage("route53: \"europe\" is not an AWS region (e.g. us-east-1)");
    assertThatThrownBy(() -> Route53Options.from(args("--aws-assume-role", "dns-role"), Map.of(), io.openova.dnsguard.provider.support.Calls.standard()))
        .isInstanceOf(Arguments.UsageException.class).hasMessageContaining("is not an IAM role ARN");
  }

  @Test
  void usage_listsEveryRoute53Option() {
    assertThat(ProviderOptions.USAGE).contains("--provider route53", "--aws-region", "--aws-assume-role",
        "--aws-endpoint-url");
    assertThat(ProviderOptions.OPTIONS).containsAll(Route53Options.OPTIONS);
  }

  @Test
  void toString_staticKeys_neverShown() {
    Route53Config config = Route53Config.of("us-east-1")
        .withCredentials(new Route53Config.Credentials.Static(Secret.of("AKIAEXAMPLE"), Secret.of("very-secret")));

    assertThat(config.toString()).doesNotContain("AKIAEXAMPLE").doesNotContain("very-secret").contains("Static");
  }
}
