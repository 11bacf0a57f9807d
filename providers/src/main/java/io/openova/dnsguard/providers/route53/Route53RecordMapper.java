package io.openova.dnsguard.providers.route53;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.providers.route53.Route53Rrset.Action;
import io.openova.dnsguard.provider.support.Names;
import io.openova.dnsguard.provider.support.TxtStrings;
import io.openova.dnsguard.provider.support.TxtStrings.Escape;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Translates between {@link RecordSet}s and {@link Route53Rrset}s. Pure.
 *
 * <ul>
 *   <li>Names: written absolute and lower case ({@code *} as is, Route53 accepts it); read with
 *       Route53's {@code \ooo} octal escapes undone ({@code \052} is {@code *}).</li>
 *   <li>TXT (and SPF) values: quoted character-strings of at most 255 bytes, {@code "} and
 *       {@code \} backslash-escaped, bytes outside printable ASCII as {@code \ooo} octal (Route53's
 *       escapes are octal, unlike RFC 1035's decimal); read back joined and unescaped.</li>
 *   <li>Alias record sets read as {@link RecordType#ALIAS} with value {@code "<type> <target>"}
 *       and the alias settings as properties, so the planner treats the name as taken; record sets
 *       with a routing policy read as their type with {@code route53/set-identifier} and {@code
 *       route53/routing} properties. Neither is ever written ({@link #unmanaged}).</li>
 *   <li>Changes: create → {@code CREATE}, update → {@code UPSERT} of the new set, delete → {@code
 *       DELETE} of the set as read (Route53 deletes only on an exact match of TTL and values).</li>
 * </ul>
 */
final class Route53RecordMapper {

  static final String SET_IDENTIFIER = "route53/set-identifier";
  static final String ROUTING = "route53/routing";
  static final String ALIAS_TYPE = "route53/alias-type";
  static final String ALIAS_ZONE = "route53/alias-hosted-zone-id";
  static final String ALIAS_HEALTH = "route53/evaluate-target-health";

  /**
   * The record set an rrset stands for; empty for names that are not hostnames.
   *
   * @throws IllegalArgumentException when a value does not parse for its type
   */
  Optional<RecordSet> fromRrset(Route53Rrset rrset) {
    if (!(Hostname.parse(decodeName(rrset.name())) instanceof ParsedHostname.Valid valid)) {
      return Optional.empty();
    }
    Hostname name = valid.hostname();
    if (rrset.alias().isPresent()) {
      Route53Rrset.Alias alias = rrset.alias().get();
      String target = decodeName(alias.dnsName()).toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
      Map<String, String> properties = new LinkedHashMap<>(routingProperties(rrset));
      properties.put(ALIAS_TYPE, rrset.type());
      properties.put(ALIAS_ZONE, alias.hostedZoneId());
      properties.put(ALIAS_HEALTH, Boolean.toString(alias.evaluateTargetHealth()));
      return Optional.of(new RecordSet(name, RecordType.ALIAS, 0, List.of(rrset.type() + " " + target), properties));
    }
    if (rrset.values().isEmpty()) {
      return Optional.empty(); // traffic-policy instances: no values to show
    }
    RecordType type = RecordType.of(rrset.type());
    List<String> values = new ArrayList<>(rrset.values().size());
    for (String value : rrset.values()) {
      values.add(isText(rrset.type()) ? TxtStrings.unquote(value, Escape.OCTAL) : value);
    }
    return Optional.of(new RecordSet(name, type, rrset.ttl(), values, routingProperties(rrset)));
  }

  private static Map<String, String> routingProperties(Route53Rrset rrset) {
    if (rrset.setIdentifier().isEmpty()) {
      return Map.of();
    }
    return Map.of(SET_IDENTIFIER, rrset.setIdentifier().get(), ROUTING, rrset.routing());
  }

  /** Why dnsguard must not write over this set as read, or empty when it may. */
  static Optional<String> unmanaged(RecordSet set) {
    if (set.type() == RecordType.ALIAS || set.properties().containsKey(ALIAS_TYPE)) {
      return Optional.of("it is an alias record set, which dnsguard reads but never writes");
    }
    if (set.properties().containsKey(SET_IDENTIFIER)) {
      return Optional.of("it has a routing policy (" + set.properties().get(ROUTING) + ", set identifier \""
          + set.properties().get(SET_IDENTIFIER) + "\"), which dnsguard reads but never writes");
    }
    return Optional.empty();
  }

  /**
   * The Change elements for one change.
   *
   * @param asRead the rrset exactly as Route53 listed it, for deletes, when it is known
   */
  List<Route53Rrset.Change> toChanges(Change change, Optional<Route53Rrset> asRead) {
    return switch (change) {
      case Change.Create create -> List.of(new Route53Rrset.Change(Action.CREATE, toRrset(create.set())));
      case Change.Update update -> List.of(new Route53Rrset.Change(Action.UPSERT, toRrset(update.after())));
      case Change.Delete delete ->
          List.of(new Route53Rrset.Change(Action.DELETE, asRead.orElseGet(() -> toRrset(delete.set()))));
    };
  }

  /** The rrset Route53 stores for a record set dnsguard writes. */
  Route53Rrset toRrset(RecordSet set) {
    List<String> values = new ArrayList<>(set.values().size());
    for (String value : set.values()) {
      values.add(switch (set.type()) {
        case CNAME -> value + ".";
        case TXT -> TxtStrings.quote(value, Escape.OCTAL);
        case A, AAAA, NS, MX, SRV, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER -> value;
      });
    }
    return Route53Rrset.simple(Names.absolute(set.name()), set.type().name(), set.ttl(), values);
  }

  /** ResourceRecord elements a change counts for against the 1,000 per request (UPSERT counts twice). */
  static int recordCount(Route53Rrset.Change change) {
    int records = Math.max(1, change.rrset().values().size());
    return change.action() == Action.UPSERT ? 2 * records : records;
  }

  /** Characters of Value elements a change counts for against the 32,000 per request (UPSERT counts twice). */
  static long valueCharacters(Route53Rrset.Change change) {
    long characters = change.rrset().values().stream().mapToLong(String::length).sum();
    return change.action() == Action.UPSERT ? 2 * characters : characters;
  }


  /** Undoes Route53's {@code \ooo} octal escapes in a name ({@code \052} → {@code *}). */
  static String decodeName(String name) {
    if (name.indexOf('\\') < 0) {
      return name;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' && isOctal(name, i + 1)) {
        out.write(Integer.parseInt(name.substring(i + 1, i + 4), 8));
        i += 3;
      } else if (c == '\\' && i + 1 < name.length()) {
        writeUtf8(out, name.charAt(++i));
      } else {
        writeUtf8(out, c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isText(String type) {
    return "TXT".equals(type) || "SPF".equals(type);
  }

  private static boolean isOctal(String text, int from) {
    for (int i = from; i < from + 3; i++) {
      if (i >= text.length() || text.charAt(i) < '0' || text.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }

  private static void writeUtf8(ByteArrayOutputStream out, char c) {
    out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
  }
}
