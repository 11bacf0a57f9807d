package io.openova.dnsguard.providers.route53;

import io.openova.dnsguard.provider.support.Timeouts;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.support.Calls;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.support.Pages;
import io.openova.dnsguard.provider.support.RetryAfter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeBatch;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListHostedZonesResponse;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The only class that touches the AWS SDK: one SDK call per method, each through {@link Calls}
 * (the SDK's own retries are off: {@code Calls} retries each call), bounded by its time limit
 * and by {@link BoundedAnswers}; SDK errors turned into {@link ProviderException}s. Throttling ({@code Throttling}, {@code PriorRequestNotComplete}), 5xx,
 * timeouts and connection errors are transient (a Retry-After header, should one come, is
 * honoured); everything else is refused.
 */
final class Route53Client implements AutoCloseable {

  static final String PROVIDER = "route53";
  private static final String ZONE_PREFIX = "/hostedzone/";
  private static final char TOKEN_SEPARATOR = '\n';
  private static final Set<String> TRANSIENT_CODES = Set.of("Throttling", "ThrottlingException",
      "PriorRequestNotComplete", "RequestLimitExceeded", "TooManyRequestsException", "ServiceUnavailable",
      "InternalFailure", "InternalError");

  /** A hosted zone as listed. */
  record HostedZoneInfo(String id, String name, boolean privateZone) {}

  private final Route53Config config;
  private final Calls calls;
  private final software.amazon.awssdk.services.route53.Route53Client sdk;
  private final @Nullable StsClient sts;

  Route53Client(Route53Config config, Calls calls) {
    this.config = config;
    this.calls = calls;
    Region signing = signingRegion(config.region());
    AwsCredentialsProvider base = switch (config.credentials()) {
      case Route53Config.Credentials.DefaultChain chain -> DefaultCredentialsProvider.builder().build();
      case Route53Config.Credentials.Static keys -> StaticCredentialsProvider.create(
          AwsBasicCredentials.create(keys.accessKeyId().reveal(), keys.secretAccessKey().reveal()));
    };
    AwsCredentialsProvider credentials = base;
    StsClient stsClient = null;
    if (config.assumeRole().isPresent()) {
      stsClient = StsClient.builder()
          .region(Region.of(config.region()))
          .credentialsProvider(base)
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .build();
      String role = config.assumeRole().get();
      credentials = StsAssumeRoleCredentialsProvider.builder()
          .stsClient(stsClient)
          .refreshRequest(request -> request.roleArn(role).roleSessionName("dnsguard"))
          .build();
    }
    this.sts = stsClient;
    var builder = software.amazon.awssdk.services.route53.Route53Client.builder()
        .region(signing)
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Timeouts.CONNECT)
            .socketTimeout(calls.timeout().plus(Timeouts.CONNECT))) // a backstop: the API call's limit decides
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallTimeout(calls.timeout())
            .addExecutionInterceptor(new BoundedAnswers())
            .build());
    config.endpoint().ifPresent(builder::endpointOverride);
    this.sdk = builder.build();
  }

  // Route53 is a global service: its requests are signed for the partition's global region.
  private static Region signingRegion(String region) {
    if (region.startsWith("cn-")) {
      return Region.AWS_CN_GLOBAL;
    }
    if (region.startsWith("us-gov-")) {
      return Region.AWS_US_GOV_GLOBAL;
    }
    return Region.AWS_GLOBAL;
  }

  /** ListHostedZones, one page; the token is the marker. */
  Pages.Page<HostedZoneInfo> hostedZones(Optional<String> marker) {
    ListHostedZonesResponse response = call(null, "list hosted zones", () -> sdk.listHostedZones(request -> {
      request.maxItems(Integer.toString(Math.min(config.pageSize(), 100)));
      marker.ifPresent(request::marker);
    }));
    List<HostedZoneInfo> zones = new ArrayList<>();
    for (HostedZone zone : response.hostedZones()) {
      boolean privateZone = zone.config() != null && Boolean.TRUE.equals(zone.config().privateZone());
      zones.add(new HostedZoneInfo(zoneId(zone.id()), zone.name(), privateZone));
    }
    return new Pages.Page<>(zones, Boolean.TRUE.equals(response.isTruncated())
        ? Optional.ofNullable(response.nextMarker()) : Optional.empty());
  }

  /** ListResourceRecordSets, one page; the token carries the next record name, type and identifier. */
  Pages.Page<Route53Rrset> recordSets(Zone zone, Optional<String> token) {
    ListResourceRecordSetsRequest.Builder request = ListResourceRecordSetsRequest.builder()
        .hostedZoneId(zone.id())
        .maxItems(Integer.toString(config.pageSize()));
    token.ifPresent(next -> {
      String[] parts = next.split(String.valueOf(TOKEN_SEPARATOR), -1);
      request.startRecordName(parts[0]).startRecordType(parts[1]);
      if (!parts[2].isEmpty()) {
        request.startRecordIdentifier(parts[2]);
      }
    });
    ListResourceRecordSetsResponse response =
        call(zone, "list resource record sets", () -> sdk.listResourceRecordSets(request.build()));
    List<Route53Rrset> sets = new ArrayList<>(response.resourceRecordSets().size());
    for (ResourceRecordSet set : response.resourceRecordSets()) {
      sets.add(fromSdk(set));
    }
    Optional<String> next = Optional.empty();
    if (Boolean.TRUE.equals(response.isTruncated()) && response.nextRecordName() != null) {
      next = Optional.of(response.nextRecordName() + TOKEN_SEPARATOR + response.nextRecordTypeAsString()
          + TOKEN_SEPARATOR + (response.nextRecordIdentifier() == null ? "" : response.nextRecordIdentifier()));
    }
    return new Pages.Page<>(sets, next);
  }

  /** ChangeResourceRecordSets: one transactional request. */
  void change(Zone zone, List<Route53Rrset.Change> changes) {
    List<Change> sdkChanges = new ArrayList<>(changes.size());
    for (Route53Rrset.Change change : changes) {
      sdkChanges.add(Change.builder().action(change.action().name()).resourceRecordSet(toSdk(change.rrset())).build());
    }
    call(zone, "change resource record sets", () -> sdk.changeResourceRecordSets(request -> request
        .hostedZoneId(zone.id())
        .changeBatch(ChangeBatch.builder().comment("dnsguard").changes(sdkChanges).build())));
  }

  private static Route53Rrset fromSdk(ResourceRecordSet set) {
    List<String> values = set.resourceRecords() == null ? List.of()
        : set.resourceRecords().stream().map(ResourceRecord::value).toList();
    Optional<Route53Rrset.Alias> alias = Optional.ofNullable(set.aliasTarget())
        .map(a -> new Route53Rrset.Alias(a.dnsName(), a.hostedZoneId(), Boolean.TRUE.equals(a.evaluateTargetHealth())));
    return new Route53Rrset(set.name(), set.typeAsString(), set.ttl() == null ? 0 : set.ttl(), values, alias,
        Optional.ofNullable(set.setIdentifier()), routing(set));
  }

  // The routing policy in words, for messages and the planner's view; empty for simple routing.
  private static String routing(ResourceRecordSet set) {
    List<String> parts = new ArrayList<>();
    if (set.weight() != null) {
      parts.add("weight " + set.weight());
    }
    if (set.regionAsString() != null) {
      parts.add("latency " + set.regionAsString());
    }
    if (set.failoverAsString() != null) {
      parts.add("failover " + set.failoverAsString());
    }
    if (set.geoLocation() != null) {
      parts.add("geolocation");
    }
    if (set.geoProximityLocation() != null) {
      parts.add("geoproximity");
    }
    if (set.cidrRoutingConfig() != null) {
      parts.add("ip-based");
    }
    if (Boolean.TRUE.equals(set.multiValueAnswer())) {
      parts.add("multivalue");
    }
    if (set.trafficPolicyInstanceId() != null) {
      parts.add("traffic policy " + set.trafficPolicyInstanceId());
    }
    return String.join(", ", parts);
  }

  private static ResourceRecordSet toSdk(Route53Rrset rrset) {
    ResourceRecordSet.Builder set = ResourceRecordSet.builder().name(rrset.name()).type(rrset.type());
    if (rrset.alias().isPresent()) {
      Route53Rrset.Alias alias = rrset.alias().get();
      set.aliasTarget(AliasTarget.builder().dnsName(alias.dnsName()).hostedZoneId(alias.hostedZoneId())
          .evaluateTargetHealth(alias.evaluateTargetHealth()).build());
    } else {
      set.ttl(rrset.ttl()).resourceRecords(rrset.values().stream().map(v -> ResourceRecord.builder().value(v).build())
          .toList());
    }
    rrset.setIdentifier().ifPresent(set::setIdentifier);
    return set.build();
  }

  private <T> T call(@Nullable Zone zone, String operation, Supplier<T> call) {
    return calls.call(PROVIDER, () -> once(zone, operation, call));
  }

  private <T> T once(@Nullable Zone zone, String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (InvalidChangeBatchException e) {
      String messages = e.messages() == null || e.messages().isEmpty() ? "" : String.join("; ", e.messages());
      throw new ProviderException.Refused(PROVIDER, zone, operation, e.statusCode(),
          "InvalidChangeBatch: " + (messages.isEmpty() ? errorMessage(e) : messages));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : nonNull(e.awsErrorDetails().errorCode());
      String text = (code.isEmpty() ? "" : code + ": ") + errorMessage(e);
      if (e.isThrottlingException() || TRANSIENT_CODES.contains(code) || e.statusCode() == 429 || e.statusCode() >= 500) {
        Optional<String> retryAfter = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null
            ? Optional.empty() : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After");
        throw new ProviderException.Transient(PROVIDER, zone, operation, e.statusCode(), text,
            RetryAfter.parse(retryAfter, calls.clock().instant()).orElse(null), e);
      }
      throw new ProviderException.Refused(PROVIDER, zone, operation, e.statusCode(),
          text + (e.statusCode() == 403 ? "; check the credentials (" + credentialSource() + ")" : ""));
    } catch (ApiCallTimeoutException e) {
      return throwTransient(zone, operation, 0, "timed out after " + calls.timeout().toMillis() + " ms", e);
    } catch (SdkClientException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BoundedAnswers.TooLarge tooLarge) {
          throw new ProviderException.Refused(PROVIDER, zone, operation, 0, String.valueOf(tooLarge.getMessage()));
        }
      }
      return throwTransient(zone, operation, 0, nonNull(e.getMessage()), e);
    }
  }

  private static <T> T throwTransient(@Nullable Zone zone, String operation, int status, String text, Exception e) {
    throw new ProviderException.Transient(PROVIDER, zone, operation, status, text, null, e);
  }

  private static String errorMessage(AwsServiceException e) {
    return e.awsErrorDetails() == null ? nonNull(e.getMessage()) : nonNull(e.awsErrorDetails().errorMessage());
  }

  private static String nonNull(@Nullable String text) {
    return text == null ? "" : text;
  }

  private String credentialSource() {
    return switch (config.credentials()) {
      case Route53Config.Credentials.DefaultChain chain -> "the default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
          + "AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN, profile, instance role"
          + config.assumeRole().map(role -> ", then assuming " + role).orElse("");
      case Route53Config.Credentials.Static keys -> "static keys" + config.assumeRole().map(r -> ", then assuming " + r).orElse("");
    };
  }

  static String zoneId(String id) {
    return id.startsWith(ZONE_PREFIX) ? id.substring(ZONE_PREFIX.length()) : id;
  }

  @Override
  public void close() {
    sdk.close();
    if (sts != null) {
      sts.close();
    }
  }
}
