package io.openova.dnsguard.providers.cloudflare;

import io.openova.dnsguard.provider.support.ApiUrls;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * How to reach Cloudflare's API v4. Start from {@link #of} and adjust with the {@code with}
 * methods; {@link #toString()} never shows the token.
 *
 * @param apiUrl the API base, {@code https://api.cloudflare.com/client/v4} (tests: a stub)
 * @param apiToken an API token with Zone:Read and DNS:Edit, sent as {@code Authorization: Bearer}
 * @param proxiedByDefault {@code --cloudflare-proxied}: A/AAAA/CNAME records are proxied unless
 *     their record set says otherwise ({@code cloudflare-proxied} property)
 * @param batchSize the most record operations in one {@code /dns_records/batch} request: 200 on
 *     the Free plan, 3,500 on Pro and above
 * @param recordsPerPage {@code per_page} when listing DNS records
 * @param requestsPerSecond client-side pacing; Cloudflare allows 1,200 requests per 5 minutes per user
 */
public record CloudflareConfig(
    URI apiUrl,
    Secret apiToken,
    boolean proxiedByDefault,
    int batchSize,
    int recordsPerPage,
    double requestsPerSecond) {

  public static final URI DEFAULT_API_URL = URI.create("https://api.cloudflare.com/client/v4");
  /** Free plan limit of the batch endpoint; Pro, Business and Enterprise allow 3,500. */
  public static final int DEFAULT_BATCH_SIZE = 200;
  public static final int DEFAULT_RECORDS_PER_PAGE = 5_000;

  public CloudflareConfig {
    Objects.requireNonNull(apiToken, "apiToken");
    ApiUrls.require(apiUrl, "the Cloudflare API URL");
    if (batchSize < 2 || batchSize > 3_500) {
      throw new IllegalArgumentException("Cloudflare batch size must be 2..3500 operations, not " + batchSize);
    }
    if (recordsPerPage < 5 || recordsPerPage > 5_000_000) {
      throw new IllegalArgumentException("Cloudflare records per page must be 5..5000000, not " + recordsPerPage);
    }
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException("requestsPerSecond must be positive, not " + requestsPerSecond);
    }
  }

  /** Defaults: the public API, not proxied, Free-plan batches, 5,000 records per page, 4 requests/s. */
  public static CloudflareConfig of(Secret apiToken) {
    return new CloudflareConfig(DEFAULT_API_URL, apiToken, false, DEFAULT_BATCH_SIZE, DEFAULT_RECORDS_PER_PAGE,
        1200 / 300.0);
  }

  public CloudflareConfig withApiUrl(URI url) {
    return new CloudflareConfig(url, apiToken, proxiedByDefault, batchSize, recordsPerPage, requestsPerSecond);
  }

  public CloudflareConfig withProxiedByDefault(boolean proxied) {
    return new CloudflareConfig(apiUrl, apiToken, proxied, batchSize, recordsPerPage, requestsPerSecond);
  }

  public CloudflareConfig withBatchSize(int operations) {
    return new CloudflareConfig(apiUrl, apiToken, proxiedByDefault, operations, recordsPerPage, requestsPerSecond);
  }

  public CloudflareConfig withRecordsPerPage(int perPage) {
    return new CloudflareConfig(apiUrl, apiToken, proxiedByDefault, batchSize, perPage, requestsPerSecond);
  }

  public CloudflareConfig withRequestsPerSecond(double rate) {
    return new CloudflareConfig(apiUrl, apiToken, proxiedByDefault, batchSize, recordsPerPage, rate);
  }

  @Override
  public String toString() {
    return "CloudflareConfig[apiUrl=" + apiUrl + ", apiToken=(redacted, from " + apiToken.source()
        + "), proxiedByDefault=" + proxiedByDefault + ", batchSize=" + batchSize + ", recordsPerPage=" + recordsPerPage
        + ", requestsPerSecond=" + requestsPerSecond + "]";
  }
}
