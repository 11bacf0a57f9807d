package io.openova.dnsguard.providers.route53;

import io.openova.dnsguard.provider.support.ApiUrls;
import io.openova.dnsguard.provider.support.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach Route53. Start from {@link #of} and adjust with the {@code with} methods; {@link
 * #toString()} never shows a credential.
 *
 * @param region the AWS region for STS (web identity, assume-role) and request signing; Route53
 *     itself is global
 * @param credentials where credentials come from: the SDK's default chain in production
 * @param assumeRole a role to assume with those credentials, e.g. a cross-account DNS role
 * @param endpoint another Route53 endpoint (a local emulator in tests)
 * @param maxChangesPerRequest the most Change elements in one ChangeResourceRecordSets request
 * @param maxRecordsPerRequest the most ResourceRecord elements in one request (Route53: 1,000,
 *     an UPSERT counting twice)
 * @param maxValueCharacters the most characters of Value elements in one request (Route53:
 *     32,000, an UPSERT counting twice)
 * @param pageSize {@code maxitems} of each listing request (Route53 serves at most 300 record
 *     sets and 100 hosted zones per page)
 */
public record Route53Config(
    String region,
    Credentials credentials,
    Optional<String> assumeRole,
    Optional<URI> endpoint,
    int maxChangesPerRequest,
    int maxRecordsPerRequest,
    int maxValueCharacters,
    int pageSize) {

  public static final int MAX_RECORDS_PER_REQUEST = 1_000;
  public static final int MAX_VALUE_CHARACTERS = 32_000;
  public static final int MAX_PAGE_SIZE = 300;

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");

  /** Where the SDK gets credentials. */
  public sealed interface Credentials {
    /** The SDK's default chain: environment, web identity (IRSA), profile, container, instance. */
    record DefaultChain() implements Credentials {}

    /** Fixed keys (tests against an emulator); printed redacted, as every {@link Secret}. */
    record Static(Secret accessKeyId, Secret secretAccessKey) implements Credentials {
      public Static {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      }
    }
  }

  public Route53Config {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(assumeRole, "assumeRole");
    Objects.requireNonNull(endpoint, "endpoint");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("\"" + region + "\" is not an AWS region (e.g. us-east-1)");
    }
    assumeRole.ifPresent(arn -> {
      if (!ROLE_ARN.matcher(arn).matches()) {
        throw new IllegalArgumentException("\"" + arn + "\" is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)");
      }
    });
    endpoint.ifPresent(uri -> ApiUrls.require(uri, "the Route53 endpoint"));
    if (maxChangesPerRequest < 2) {
      throw new IllegalArgumentException("maxChangesPerRequest must be at least 2, not " + maxChangesPerRequest);
    }
    if (maxRecordsPerRequest < 2 || maxRecordsPerRequest > MAX_RECORDS_PER_REQUEST) {
      throw new IllegalArgumentException("maxRecordsPerRequest must be 2.." + MAX_RECORDS_PER_REQUEST + ", not "
          + maxRecordsPerRequest);
    }
    if (maxValueCharacters < 1024 || maxValueCharacters > MAX_VALUE_CHARACTERS) {
      throw new IllegalArgumentException("maxValueCharacters must be 1024.." + MAX_VALUE_CHARACTERS + ", not "
          + maxValueCharacters);
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE_SIZE + ", not " + pageSize);
    }
  }

  /** Defaults: the default credential chain, Route53's own limits, pages of 300. */
  public static Route53Config of(String region) {
    return new Route53Config(region, new Credentials.DefaultChain(), Optional.empty(), Optional.empty(),
        MAX_RECORDS_PER_REQUEST, MAX_RECORDS_PER_REQUEST, MAX_VALUE_CHARACTERS, MAX_PAGE_SIZE);
  }

  public Route53Config withCredentials(Credentials source) {
    return new Route53Config(region, source, assumeRole, endpoint, maxChangesPerRequest, maxRecordsPerRequest,
        maxValueCharacters, pageSize);
  }

  public Route53Config withAssumeRole(String roleArn) {
    return new Route53Config(region, credentials, Optional.of(roleArn), endpoint, maxChangesPerRequest,
        maxRecordsPerRequest, maxValueCharacters, pageSize);
  }

  public Route53Config withEndpoint(URI uri) {
    return new Route53Config(region, credentials, assumeRole, Optional.of(uri), maxChangesPerRequest,
        maxRecordsPerRequest, maxValueCharacters, pageSize);
  }

  /** Request limits: Change elements, ResourceRecord elements, Value characters. */
  public Route53Config withRequestLimits(int changes, int records, int characters) {
    return new Route53Config(region, credentials, assumeRole, endpoint, changes, records, characters, pageSize);
  }

  public Route53Config withPageSize(int size) {
    return new Route53Config(region, credentials, assumeRole, endpoint, maxChangesPerRequest, maxRecordsPerRequest,
        maxValueCharacters, size);
  }

  @Override
  public String toString() {
    return "Route53Config[region=" + region + ", credentials=" + credentials.getClass().getSimpleName()
        + ", assumeRole=" + assumeRole.orElse("(none)") + ", endpoint=" + endpoint.map(URI::toString).orElse("(AWS)")
        + ", maxChangesPerRequest=" + maxChangesPerRequest + ", maxRecordsPerRequest=" + maxRecordsPerRequest
        + ", maxValueCharacters=" + maxValueCharacters + ", pageSize=" + pageSize + "]";
  }
}
