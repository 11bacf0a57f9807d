package io.openova.dnsguard.providers.azure;

import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach Azure DNS through Azure Resource Manager (api-version 2018-05-01). Start from
 * {@link #of} and adjust with the {@code with} methods; {@link #toString()} never shows a secret.
 *
 * @param apiUrl {@code https://management.azure.com} (tests: a stub)
 * @param tokenUrl the Entra ID authority, {@code https://login.microsoftonline.com}; tokens come
 *     from {@code {tokenUrl}/{tenant}/oauth2/v2.0/token}
 * @param subscriptionId the subscription holding the zones
 * @param resourceGroup the resource group holding the zones
 * @param credentials a client secret or a federated (workload identity) token file
 * @param pageSize {@code $top} of record-set listings
 */
public record AzureConfig(
    URI apiUrl,
    URI tokenUrl,
    String subscriptionId,
    String resourceGroup,
    Credentials credentials,
    int pageSize) {

  public static final URI DEFAULT_API_URL = URI.create("https://management.azure.com");
  public static final URI DEFAULT_TOKEN_URL = URI.create("https://login.microsoftonline.com");
  public static final String API_VERSION = "2018-05-01";

  /** How dnsguard proves who it is to Entra ID (OAuth 2.0 client credentials). */
  public sealed interface Credentials {
    String tenantId();

    String clientId();

    /** A service principal's client secret. */
    record ClientSecret(String tenantId, String clientId, Secret secret) implements Credentials {
      public ClientSecret {
        requireIds(tenantId, clientId);
        Objects.requireNonNull(secret, "secret");
      }
    }

    /** Workload identity: a projected service-account token, re-read for every new access token. */
    record FederatedToken(String tenantId, String clientId, Path tokenFile) implements Credentials {
      public FederatedToken {
        requireIds(tenantId, clientId);
        Objects.requireNonNull(tokenFile, "tokenFile");
      }
    }

    private static void requireIds(String tenantId, String clientId) {
      if (tenantId == null || tenantId.isBlank() || clientId == null || clientId.isBlank()) {
        throw new IllegalArgumentException("Azure credentials need a tenant id and a client id");
      }
    }
  }

  public AzureConfig {
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(tokenUrl, "tokenUrl");
    Objects.requireNonNull(credentials, "credentials");
    if (subscriptionId == null || !subscriptionId.matches("[0-9a-fA-F-]{36}")) {
      throw new IllegalArgumentException("Azure subscription id must be a GUID, not \"" + subscriptionId + "\"");
    }
    if (resourceGroup == null || !resourceGroup.matches("[-\\w._()]{1,90}")) {
      throw new IllegalArgumentException("Azure resource group name is not valid: \"" + resourceGroup + "\"");
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("Azure page size must be 1..1000, not " + pageSize);
    }
  }

  public static AzureConfig of(String subscriptionId, String resourceGroup, Credentials credentials) {
    return new AzureConfig(DEFAULT_API_URL, DEFAULT_TOKEN_URL, subscriptionId, resourceGroup, credentials, 100);
  }

  public AzureConfig withApiUrl(URI url) {
    return new AzureConfig(url, tokenUrl, subscriptionId, resourceGroup, credentials, pageSize);
  }

  public AzureConfig withTokenUrl(URI url) {
    return new AzureConfig(apiUrl, url, subscriptionId, resourceGroup, credentials, pageSize);
  }

  public AzureConfig withPageSize(int size) {
    return new AzureConfig(apiUrl, tokenUrl, subscriptionId, resourceGroup, credentials, size);
  }

  @Override
  public String toString() {
    String how = switch (credentials) {
      case Credentials.ClientSecret s -> "client secret (redacted, from " + s.secret().source() + ")";
      case Credentials.FederatedToken f -> "federated token file " + f.tokenFile();
    };
    return "AzureConfig[apiUrl=" + apiUrl + ", tokenUrl=" + tokenUrl + ", subscriptionId=" + subscriptionId
        + ", resourceGroup=" + resourceGroup + ", tenantId=" + credentials.tenantId() + ", clientId="
        + credentials.clientId() + ", credentials=" + how + ", pageSize=" + pageSize + "]";
  }
}
