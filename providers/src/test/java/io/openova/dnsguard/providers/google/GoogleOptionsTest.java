package io.openova.dnsguard.providers.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.provider.support.Secret;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GoogleOptionsTest {

  private static Arguments args(String... args) {
    return Arguments.parse(List.of(args), ProviderOptions.OPTIONS, Set.of(), ProviderOptions.FLAGS);
  }

  @Test
  void from_providerGoogleWithTokenFromEnvironment_pointsAtTheApiUrl() {
    try (StubServer api = StubServer.start(new StubServer.Api() {
      @Override
      public StubServer.Response handle(StubServer.Request request) {
        return StubServer.Response.json(200, "{\"managedZones\": []}");
      }

      @Override
      public StubServer.Response error(int status, String code, String message) {
        return StubServer.Response.text(status, message);
      }
    })) {
      DnsProvider provider = ProviderOptions.from(args("--provider", "google", "--google-project", "my-project-1",
          "--google-api-url", api.uri() + "/"), Map.of("DNSGUARD_GOOGLE_ACCESS_TOKEN", "ya29.x")).orElseThrow();

      assertThat(provider.name()).isEqualTo("google");
      assertThat(provider.zones()).isEmpty();
      assertThat(api.requests()).singleElement().satisfies(r -> {
        assertThat(r.path()).isEqualTo("/dns/v1/projects/my-project-1/managedZones");
        assertThat(r.header("Authorization")).contains("Bearer ya29.x");
      });
    }
  }

  @Test
  void from_missingOrBadProject_usageError() {
    assertThatThrownBy(() -> GoogleOptions.from(args(), Map.of(), io.openova.dnsguard.provider.support.Calls.standard()))
        .isInstanceOf(Arguments.UsageException.class).hasMessageContaining("--google-project");
    assertThatThrownBy(() -> GoogleOptions.from(args("--google-project", "Bad_Project"), Map.of(), io.openova.dnsguard.provider.support.Calls.standard()))
        .isInstanceOf(Arguments.UsageException.class).hasMessage("google: \"Bad_Project\" is not a Google Cloud project id");
  }

  @Test
  void usage_listsEveryGoogleOption() {
    assertThat(ProviderOptions.USAGE).contains("--provider google", "--google-project", "--google-api-url",
        "DNSGUARD_GOOGLE_ACCESS_TOKEN");
    assertThat(ProviderOptions.OPTIONS).containsAll(GoogleOptions.OPTIONS);
  }

  @Test
  void toString_fixedToken_neverShown() {
    GoogleConfig config = GoogleConfig.of("my-project-1")
        .withCredentials(new GoogleConfig.Credentials.FixedToken(Secret.of("ya29.secret")));

    assertThat(config.toString()).doesNotContain("ya29.secret").contains("FixedToken");
  }
}
