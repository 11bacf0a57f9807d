package io.openova.dnsguard.providers;

import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.ProviderOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.providers.route53.Route53Config;
import io.openova.dnsguard.providers.route53.Route53Provider;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.provider.support.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --provider-timeout} bounds every provider's requests alike, over plain HTTP and through
 * the AWS SDK: an API that accepts requests and never answers fails the call as transient, "timed
 * out", instead of holding it for ever (external-dns #6670).
 */
class ProviderTimeoutTest {

  private StubServer hung;

  @BeforeEach
  void start() {
    hung = StubServer.start(new StubServer.Api() {
      @Override
      public StubServer.Response handle(StubServer.Request request) {
        try {
          Thread.sleep(Duration.ofMinutes(5));
        } catch (InterruptedException closed) {
          Thread.currentThread().interrupt();
        }
        return StubServer.Response.empty(503);
      }

      @Override
      public StubServer.Response error(int status, String code, String message) {
        return StubServer.Response.text(status, message);
      }
    });
  }

  @AfterEach
  void stop() {
    hung.close();
  }

  private static Arguments parse(String... args) {
    return Arguments.parse(List.of(args), ProviderOptions.OPTIONS, Set.of(), ProviderOptions.FLAGS);
  }

  @Test
  void cloudflare_hungApi_timesOutAtTheProviderTimeout() {
    DnsProvider provider = ProviderOptions.from(parse("--provider", "cloudflare", "--provider-timeout", "300ms",
        "--cloudflare-api-url", hung.uri() + "/client/v4"), Map.of("DNSGUARD_CLOUDFLARE_API_TOKEN", "t0ken")).orElseThrow();

    assertThatThrownBy(provider::zones).isInstanceOf(ProviderException.Transient.class)
        .hasMessage("cloudflare: list zones failed: timed out");
  }

  @Test
  void azure_hungTokenEndpoint_timesOutAtTheProviderTimeout() {
    DnsProvider provider = ProviderOptions.from(parse("--provider", "azure", "--provider-timeout", "300ms",
        "--azure-subscription-id", "00000000-0000-0000-0000-000000000000", "--azure-resource-group", "dns",
        "--azure-api-url", hung.uri().toString(), "--azure-token-url", hung.uri().toString()),
        Map.of("DNSGUARD_AZURE_TENANT_ID", "t", "DNSGUARD_AZURE_CLIENT_ID", "c", "DNSGUARD_AZURE_CLIENT_SECRET", "s"))
        .orElseThrow();

    assertThatThrownBy(provider::zones).isInstanceOf(ProviderException.Transient.class)
        .hasMessage("azure: get an access token from Entra ID failed: timed out");
  }

  @Test
  void route53_hungApi_sdkCallTimesOutAtTheProviderTimeout() {
    try (Route53Provider provider = new Route53Provider(Route53Config.of("eu-west-1")
        .withCredentials(new Route53Config.Credentials.Static(Secret.of("AKID"), Secret.of("secret")))
        .withEndpoint(hung.uri()), ProviderOptions.calls(parse("--provider-timeout", "300ms")))) {
      assertThatThrownBy(provider::zones).isInstanceOf(ProviderException.Transient.class)
          .hasMessageStartingWith("route53: list hosted zones failed: ").hasMessageContaining("timed out");
    }
  }

  @Test
  void providerTimeout_formerPowerDnsName_stillRead_zeroRefused() {
    assertThat(ProviderOptions.calls(parse("--pdns-timeout", "7s")).timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(ProviderOptions.calls(parse("--provider-timeout", "2s", "--pdns-timeout", "7s")).timeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> ProviderOptions.calls(parse("--provider-timeout", "0s")))
        .isInstanceOf(UsageException.class).hasMessage("--provider-timeout must be positive");
  }
}
