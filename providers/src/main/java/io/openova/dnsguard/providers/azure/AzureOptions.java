package io.openova.dnsguard.providers.azure;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.support.Secret;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --provider azure}: {@code --azure-subscription-id ID --azure-resource-group RG
 * [--azure-api-url URL] [--azure-token-url URL]}; identity from {@code DNSGUARD_AZURE_TENANT_ID}
 * and {@code DNSGUARD_AZURE_CLIENT_ID} (or workload identity's {@code AZURE_TENANT_ID}, {@code
 * AZURE_CLIENT_ID}) with {@code DNSGUARD_AZURE_CLIENT_SECRET} or {@code AZURE_FEDERATED_TOKEN_FILE}.
 */
public final class AzureOptions {

  public static final Set<String> OPTIONS = Set.of("--azure-subscription-id", "--azure-resource-group",
      "--azure-api-url", "--azure-token-url");


  private AzureOptions() {}

  public static DnsProvider from(Arguments arguments, Map<String, String> environment, Calls calls) {
    String tenant = first(environment, "DNSGUARD_AZURE_TENANT_ID", "AZURE_TENANT_ID")
        .orElseThrow(() -> new UsageException("the Azure tenant is missing: set DNSGUARD_AZURE_TENANT_ID"));
    String client = first(environment, "DNSGUARD_AZURE_CLIENT_ID", "AZURE_CLIENT_ID")
        .orElseThrow(() -> new UsageException("the Azure client id is missing: set DNSGUARD_AZURE_CLIENT_ID"));
    AzureConfig.Credentials credentials;
    if (environment.containsKey("DNSGUARD_AZURE_CLIENT_SECRET")) {
      credentials = new AzureConfig.Credentials.ClientSecret(tenant, client,
          Secret.fromEnv(environment, "DNSGUARD_AZURE_CLIENT_SECRET"));
    } else if (environment.containsKey("AZURE_FEDERATED_TOKEN_FILE")) {
      credentials = new AzureConfig.Credentials.FederatedToken(tenant, client,
          Path.of(environment.get("AZURE_FEDERATED_TOKEN_FILE")));
    } else {
      throw new UsageException("the Azure credential is missing: set DNSGUARD_AZURE_CLIENT_SECRET, or use workload "
          + "identity (AZURE_FEDERATED_TOKEN_FILE)");
    }
    try {
      AzureConfig config = AzureConfig.of(arguments.required("--azure-subscription-id"),
          arguments.required("--azure-resource-group"), credentials);
      if (arguments.optional("--azure-api-url").isPresent()) {
        config = config.withApiUrl(ProviderOptions.url("--azure-api-url", arguments.required("--azure-api-url")));
      }
      if (arguments.optional("--azure-token-url").isPresent()) {
        config = config.withTokenUrl(ProviderOptions.url("--azure-token-url", arguments.required("--azure-token-url")));
      }
      return new AzureProvider(config, calls);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
  }

  private static Optional<String> first(Map<String, String> environment, String... names) {
    for (String name : names) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.strip());
      }
    }
    return Optional.empty();
  }
}
