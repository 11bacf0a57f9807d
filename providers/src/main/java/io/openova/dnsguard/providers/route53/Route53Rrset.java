package io.openova.dnsguard.providers.route53;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Route53 resource record set as the API carries it (names absolute, values in Route53's
 * presentation format), without SDK types so the mapper stays pure.
 *
 * @param name as Route53 spells it: absolute, special characters as {@code \ooo} octal escapes
 * @param type the record type, e.g. {@code A}
 * @param ttl seconds; 0 for alias record sets, which have none
 * @param values the {@code ResourceRecord} values; empty for alias record sets
 * @param alias the alias target, for alias record sets
 * @param setIdentifier the {@code SetIdentifier} of a record set with a routing policy
 * @param routing the routing policy in words (e.g. {@code weight 10}); empty for simple routing
 */
record Route53Rrset(String name, String type, long ttl, List<String> values, Optional<Alias> alias,
    Optional<String> setIdentifier, String routing) {

  Route53Rrset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    values = List.copyOf(values);
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(setIdentifier, "setIdentifier");
    Objects.requireNonNull(routing, "routing");
  }

  /** A simple-routing record set with values. */
  static Route53Rrset simple(String name, String type, long ttl, List<String> values) {
    return new Route53Rrset(name, type, ttl, values, Optional.empty(), Optional.empty(), "");
  }

  /** The target of an alias record set. */
  record Alias(String dnsName, String hostedZoneId, boolean evaluateTargetHealth) {
    Alias {
      Objects.requireNonNull(dnsName, "dnsName");
      Objects.requireNonNull(hostedZoneId, "hostedZoneId");
    }
  }

  /** What a {@code Change} element of ChangeResourceRecordSets does. */
  enum Action { CREATE, DELETE, UPSERT }

  /** One {@code Change} element. */
  record Change(Action action, Route53Rrset rrset) {
    Change {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(rrset, "rrset");
    }
  }
}
