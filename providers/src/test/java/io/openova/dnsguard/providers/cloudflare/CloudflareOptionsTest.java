package io.openova.dnsguard.providers.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.support.Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloudflareOptionsTest {

  private static Arguments parse(String... args) {
    return Arguments.parse(List.of(args), ProviderOptions.OPTIONS, Set.of(), ProviderOptions.FLAGS);
  }

  @Test
  void from_tokenInEnvironment_buildsCloudflareProvider() {
    Optional<DnsProvider> provider = ProviderOptions.from(
        parse("--provider", "cloudflare", "--cloudflare-proxied", "--cloudflare-batch-size", "3500"),
        Map.of("DNSGUARD_CLOUDFLARE_API_TOKEN", "t0ken"));

    assertThat(provider).get().isInstanceOf(CloudflareProvider.class)
        .satisfies(p -> assertThat(p.capabilities().maxChangesPerRequest()).isEqualTo(3500));
  }

  @Test
  void from_noToken_usageErrorNamingTheVariable() {
    assertThatThrownBy(() -> ProviderOptions.from(parse("--provider", "cloudflare"), Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("the Cloudflare API token is missing: set DNSGUARD_CLOUDFLARE_API_TOKEN or --cloudflare-api-token-file");
  }

  @Test
  void from_batchSizeOutOfRange_usageError() {
    assertThatThrownBy(() -> ProviderOptions.from(parse("--provider", "cloudflare", "--cloudflare-batch-size", "5000"),
        Map.of("DNSGUARD_CLOUDFLARE_API_TOKEN", "t0ken")))
        .isInstanceOf(UsageException.class).hasMessageContaining("--cloudflare-batch-size must be between 2 and 3500");
  }

  @Test
  void config_toString_neverShowsTheToken() {
    CloudflareConfig config = CloudflareConfig.of(Secret.fromEnv(Map.of("T", "sup3r-s3cret"), "T"));

    assertThat(config.toString()).doesNotContain("sup3r-s3cret").contains("redacted, from environment variable T");
  }

  @Test
  void usage_listsCloudflareOptions() {
    assertThat(ProviderOptions.USAGE).contains("--provider cloudflare", "--cloudflare-proxied",
        "DNSGUARD_CLOUDFLARE_API_TOKEN");
  }
}
