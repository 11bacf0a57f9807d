package io.openova.dnsguard.providers.google;

import io.openova.dnsguard.provider.support.ApiUrls;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach Cloud DNS for one project. Start from {@link #of} and adjust with the {@code with}
 * methods; {@link #toString()} never shows a token.
 *
 * @param project the Google Cloud project id that holds the managed zones
 * @param apiUrl the API root, {@code https://dns.googleapis.com/} (a stub in tests)
 * @param credentials Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, workload
 *     identity, the metadata server) or a fixed access token (tests)
 * @param maxChangesPerRequest record-set changes in one {@code changes.create} (Cloud DNS allows
 *     1,000 additions and 1,000 deletions per change by default)
 * @param maxRrdataBytes rrdata bytes in one change (Cloud DNS: 100,000 by default)
 * @param pageSize {@code maxResults} of each listing request
 */
public record GoogleConfig(
    String project,
    URI apiUrl,
    Credentials credentials,
    int maxChangesPerRequest,
    long maxRrdataBytes,
    int pageSize) {

  public static final URI DEFAULT_API_URL = URI.create("https://dns.googleapis.com/");
  public static final int MAX_CHANGES_PER_REQUEST = 1_000;
  public static final long MAX_RRDATA_BYTES = 100_000;

  // Project ids: 6-30 characters, lower-case letters, digits, hyphens; "domain.com:name" for legacy ones.
  private static final Pattern PROJECT = Pattern.compile("([a-z][a-z0-9.-]*:)?[a-z][a-z0-9-]{4,28}[a-z0-9]");

  /** Where access tokens come from. */
  public sealed interface Credentials {
    /** Google's Application Default Credentials, scoped to Cloud DNS read-write. */
    record ApplicationDefault() implements Credentials {}

    /** One fixed bearer token (tests, or a token minted outside); printed redacted, as every {@link Secret}. */
    record FixedToken(Secret token) implements Credentials {
      public FixedToken {
        Objects.requireNonNull(token, "token");
      }
    }
  }

  public GoogleConfig {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(credentials, "credentials");
    if (!PROJECT.matcher(project).matches()) {
      throw new IllegalArgumentException("\"" + project + "\" is not a Google Cloud project id");
    }
    ApiUrls.require(apiUrl, "the Cloud DNS API URL");
    if (maxChangesPerRequest < 2 || maxChangesPerRequest > MAX_CHANGES_PER_REQUEST) {
      throw new IllegalArgumentException("maxChangesPerRequest must be 2.." + MAX_CHANGES_PER_REQUEST + ", not "
          + maxChangesPerRequest);
    }
    if (maxRrdataBytes < 1024) {
      throw new IllegalArgumentException("maxRrdataBytes must be at least 1024, not " + maxRrdataBytes);
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive, not " + pageSize);
    }
  }

  /** Defaults: the public API, Application Default Credentials, Cloud DNS's per-change quotas, pages of 500. */
  public static GoogleConfig of(String project) {
    return new GoogleConfig(project, DEFAULT_API_URL, new Credentials.ApplicationDefault(), MAX_CHANGES_PER_REQUEST,
        MAX_RRDATA_BYTES, 500);
  }

  public GoogleConfig withApiUrl(URI url) {
    return new GoogleConfig(project, url, credentials, maxChangesPerRequest, maxRrdataBytes, pageSize);
  }

  public GoogleConfig withCredentials(Credentials source) {
    return new GoogleConfig(project, apiUrl, source, maxChangesPerRequest, maxRrdataBytes, pageSize);
  }

  public GoogleConfig withRequestLimits(int changes, long rrdataBytes) {
    return new GoogleConfig(project, apiUrl, credentials, changes, rrdataBytes, pageSize);
  }

  public GoogleConfig withPageSize(int size) {
    return new GoogleConfig(project, apiUrl, credentials, maxChangesPerRequest, maxRrdataBytes, size);
  }

  @Override
  public String toString() {
    return "GoogleConfig[project=" + project + ", apiUrl=" + apiUrl + ", credentials="
        + credentials.getClass().getSimpleName() + ", maxChangesPerRequest=" + maxChangesPerRequest
        + ", maxRrdataBytes=" + maxRrdataBytes + ", pageSize=" + pageSize + "]";
  }
}
