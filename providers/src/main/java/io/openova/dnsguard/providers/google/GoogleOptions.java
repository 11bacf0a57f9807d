package io.openova.dnsguard.providers.google;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Secret;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code --provider google}: {@code --google-project P [--google-api-url URL]}. Credentials never
 * come from the command line: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS,
 * workload identity, the metadata server), or a fixed access token from {@code
 * DNSGUARD_GOOGLE_ACCESS_TOKEN} or {@code --google-access-token-file FILE} (tests, tokens minted
 * outside).
 */
public final class GoogleOptions {

  /** The options read here. */
  public static final Set<String> OPTIONS = Set.of("--google-project", "--google-api-url", "--google-access-token-file");


  private GoogleOptions() {}

  public static DnsProvider from(Arguments arguments, Map<String, String> environment, Calls calls) {
    String tokenVariable = Arguments.environmentName("--google-access-token");
    try {
      GoogleConfig config = GoogleConfig.of(arguments.required("--google-project").strip());
      if (arguments.optional("--google-api-url").isPresent()) {
        config = config.withApiUrl(ProviderOptions.url("--google-api-url", arguments.required("--google-api-url")));
      }
      if (arguments.optional("--google-access-token-file").isPresent()) {
        config = config.withCredentials(new GoogleConfig.Credentials.FixedToken(
            Secret.fromFile(Path.of(arguments.required("--google-access-token-file")))));
      } else if (environment.containsKey(tokenVariable)) {
        config = config.withCredentials(new GoogleConfig.Credentials.FixedToken(Secret.fromEnv(environment, tokenVariable)));
      }
      return new GoogleProvider(config, calls);
    } catch (IllegalArgumentException e) {
      throw new UsageException("google: " + e.getMessage());
    }
  }
}
