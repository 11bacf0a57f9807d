package io.openova.dnsguard.providers.route53;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Zone;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Direct access to moto's Route53 with the plain SDK, as another tool or a person would write and
 * read: zones, seeded record sets (TXT quoted by hand, aliases, weighted sets), and the raw
 * listing for byte-for-byte comparisons. Independent of the provider's mapper.
 */
final class MotoFixtures implements AutoCloseable {

  private final Route53Client sdk;
  private final List<Zone> zones = new ArrayList<>();

  MotoFixtures(URI moto) {
    sdk = Route53Client.builder()
        .region(Region.AWS_GLOBAL)
        .endpointOverride(moto)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMOTO", "moto-secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  Zone createZone(String name) {
    HostedZone zone = sdk.createHostedZone(r -> r.name(name).callerReference(UUID.randomUUID().toString())).hostedZone();
    Zone created = new Zone(zone.id().replaceFirst("^/hostedzone/", ""), Hostname.of(name));
    zones.add(created);
    return created;
  }

  /** An alias record set of {@code type} at {@code name}, as {@code Route53Provider} reads it. */
  static RecordSet alias(Hostname name, String type, String target) {
    return new RecordSet(name, RecordType.ALIAS, 0, List.of(type + " " + target),
        Map.of(Route53RecordMapper.ALIAS_TYPE, type, Route53RecordMapper.ALIAS_ZONE, "Z32O12XQLNTSW2",
            Route53RecordMapper.ALIAS_HEALTH, "true"));
  }

  /** A weighted A record set, as {@code Route53Provider} reads it. */
  static RecordSet weighted(Hostname name, String identifier, long weight, String ip) {
    return new RecordSet(name, RecordType.A, 60, List.of(ip),
        Map.of(Route53RecordMapper.SET_IDENTIFIER, identifier, Route53RecordMapper.ROUTING, "weight " + weight));
  }

  void seed(Zone zone, List<RecordSet> sets) {
    List<Change> changes = new ArrayList<>();
    for (RecordSet set : sets) {
      changes.add(Change.builder().action(ChangeAction.CREATE).resourceRecordSet(toSdk(set)).build());
    }
    sdk.changeResourceRecordSets(r -> r.hostedZoneId(zone.id()).changeBatch(b -> b.changes(changes)));
  }

  /** One record set with a name exactly as given (e.g. octal escapes). */
  void seedRaw(Zone zone, String name, String type, long ttl, String value) {
    sdk.changeResourceRecordSets(r -> r.hostedZoneId(zone.id()).changeBatch(b -> b.changes(Change.builder()
        .action(ChangeAction.CREATE).resourceRecordSet(ResourceRecordSet.builder().name(name).type(type).ttl(ttl)
            .resourceRecords(ResourceRecord.builder().value(value).build()).build()).build())));
  }

  private static ResourceRecordSet toSdk(RecordSet set) {
    ResourceRecordSet.Builder out = ResourceRecordSet.builder().name(set.name().value() + ".");
    if (set.type() == RecordType.ALIAS) {
      String[] value = set.values().getFirst().split(" ", 2);
      return out.type(value[0]).aliasTarget(AliasTarget.builder().dnsName(value[1])
          .hostedZoneId(set.properties().get(Route53RecordMapper.ALIAS_ZONE))
          .evaluateTargetHealth(Boolean.parseBoolean(set.properties().get(Route53RecordMapper.ALIAS_HEALTH))).build())
          .build();
    }
    out.type(set.type().name()).ttl(set.ttl());
    if (set.properties().containsKey(Route53RecordMapper.SET_IDENTIFIER)) {
      out.setIdentifier(set.properties().get(Route53RecordMapper.SET_IDENTIFIER))
          .weight(Long.parseLong(set.properties().get(Route53RecordMapper.ROUTING).replace("weight ", "")));
    }
    List<ResourceRecord> records = new ArrayList<>();
    for (String value : set.values()) {
      String wire = switch (set.type()) {
        case TXT -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        case CNAME -> value + ".";
        default -> value;
      };
      records.add(ResourceRecord.builder().value(wire).build());
    }
    return out.resourceRecords(records).build();
  }

  private List<ResourceRecordSet> all(Zone zone) {
    List<ResourceRecordSet> out = new ArrayList<>();
    sdk.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone.id())).forEach(page -> out.addAll(page.resourceRecordSets()));
    return out;
  }

  private List<ResourceRecordSet> matching(Zone zone, Hostname name, RecordType type) {
    String wire = name.value() + ".";
    String escaped = wire.replace("*", "\\052");
    return all(zone).stream()
        .filter(s -> (s.name().equals(wire) || s.name().equals(escaped)) && s.typeAsString().equals(type.name()))
        .sorted(Comparator.comparing(s -> String.valueOf(s.setIdentifier())))
        .toList();
  }

  /** Moto's own representation of the set(s) at (name, type), every field included. */
  String raw(Zone zone, Hostname name, RecordType type) {
    return matching(zone, name, type).toString();
  }

  /** The values held for (name, type): TXT unquoted, CNAME without the trailing dot. */
  List<String> served(Hostname name, RecordType type) {
    Zone zone = zones.stream().filter(z -> name.isWithin(z.name()))
        .max(Comparator.comparingInt(z -> z.name().value().length()))
        .orElseThrow(() -> new IllegalArgumentException("no zone created for " + name));
    List<String> values = new ArrayList<>();
    for (ResourceRecordSet set : matching(zone, name, type)) {
      for (ResourceRecord record : set.resourceRecords()) {
        values.add(switch (type) {
          case TXT -> unquote(record.value());
          case CNAME -> record.value().replaceAll("\\.$", "");
          default -> record.value();
        });
      }
    }
    return values.stream().sorted().toList();
  }

  // "a" "b" → ab, \" → ", \\ → \ (enough for the ownership and test texts).
  private static String unquote(String value) {
    StringBuilder out = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && i + 1 < value.length()) {
        out.append(value.charAt(++i));
      } else if (quoted) {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
