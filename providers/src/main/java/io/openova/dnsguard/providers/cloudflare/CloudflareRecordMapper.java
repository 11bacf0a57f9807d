package io.openova.dnsguard.providers.cloudflare;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.RrsetKey;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.support.TxtStrings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates between {@link RecordSet}s and Cloudflare DNS records. Pure. Cloudflare keeps one
 * record per value, so a set is the group of records with one name and type, and a change becomes
 * record operations: deletes of values that go, patches of values whose TTL or proxy status
 * changes, posts of new values.
 *
 * <ul>
 *   <li>Names are absolute without trailing dot; CNAME targets likewise.</li>
 *   <li>TTL 1 means "automatic" at Cloudflare and 0 ("provider default") in a {@link RecordSet};
 *       proxied records always have automatic TTL.</li>
 *   <li>The {@value #PROXIED} property holds the proxy status of A, AAAA and CNAME sets when it
 *       differs from the provider default ({@code --cloudflare-proxied}); other types are never
 *       proxied (Cloudflare refuses a proxied TXT).</li>
 *   <li>TXT content is written as quoted character-strings of at most 255 bytes; content read
 *       without quotes (made by hand) is taken as it is.</li>
 * </ul>
 */
final class CloudflareRecordMapper {

  /** The record-set property (and external-dns annotation suffix) for the proxy status. */
  static final String PROXIED = "cloudflare-proxied";
  static final Set<RecordType> PROXIABLE = Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME);
  static final Set<RecordType> WRITABLE = Capabilities.WRITTEN_TYPES;
  static final long AUTO_TTL = 1;

  /** One Cloudflare record as listed; {@code value} is the canonical value a {@link RecordSet} holds. */
  record CfRecord(String id, Hostname name, RecordType type, long ttl, boolean proxied, String value) {
    RrsetKey key() {
      return new RrsetKey(name, type);
    }
  }

  /** A record operation of a change. */
  sealed interface Op {
    record Delete(String id) implements Op {}

    record Patch(String id, ObjectNode fields) implements Op {}

    record Post(ObjectNode record) implements Op {}
  }

  private final JsonMapper json;
  private final boolean proxiedByDefault;

  CloudflareRecordMapper(JsonMapper json, boolean proxiedByDefault) {
    this.json = json;
    this.proxiedByDefault = proxiedByDefault;
  }

  /** The record of a listing; empty for names that are not hostnames. */
  Optional<CfRecord> parse(JsonNode record) {
    if (!(Hostname.parse(record.path("name").asString("")) instanceof ParsedHostname.Valid valid)) {
      return Optional.empty();
    }
    RecordType type = RecordType.of(record.path("type").asString(""));
    String content = record.path("content").asString("");
    String value = switch (type) {
      case CNAME -> content.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
      case TXT -> TxtStrings.unquote(content);
      case MX -> record.path("priority").asInt(0) + " " + (content.endsWith(".") ? content : content + ".");
      case SRV -> record.has("priority") ? record.path("priority").asInt(0) + " " + content : content;
      case A, AAAA, NS, NAPTR, CAA, SOA, PTR, LUA, ALIAS, OTHER -> content;
    };
    return Optional.of(new CfRecord(record.path("id").asString(""), valid.hostname(), type,
        record.path("ttl").asLong(AUTO_TTL), record.path("proxied").asBoolean(false), value));
  }

  /**
   * The record sets of a zone's records, grouped by name and type.
   *
   * @throws IllegalArgumentException when a value does not parse for its type
   */
  List<RecordSet> toRecordSets(List<CfRecord> records) {
    Map<RrsetKey, List<CfRecord>> byKey = new TreeMap<>();
    for (CfRecord record : records) {
      byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record);
    }
    List<RecordSet> sets = new ArrayList<>();
    byKey.forEach((key, group) -> {
      long ttl = group.stream().mapToLong(CfRecord::ttl).min().orElse(AUTO_TTL);
      Map<String, String> properties = new HashMap<>();
      if (PROXIABLE.contains(key.type())) {
        Set<Boolean> statuses = new HashSet<>();
        group.forEach(r -> statuses.add(r.proxied()));
        if (statuses.size() > 1) {
          properties.put(PROXIED, "mixed"); // never what anyone wants: an update evens it out
        } else if (statuses.iterator().next() != proxiedByDefault) {
          properties.put(PROXIED, Boolean.toString(!proxiedByDefault));
        }
      }
      sets.add(new RecordSet(key.name(), key.type(), ttl <= AUTO_TTL ? 0 : ttl,
          group.stream().map(CfRecord::value).toList(), properties));
    });
    return sets;
  }

  /**
   * A desired set as it reads back from Cloudflare: the proxy status from its {@value #PROXIED}
   * property or the default, kept only when it differs from the default and the type can be
   * proxied; TTL 0 when proxied or 1 (both "automatic"). Other properties do not apply here.
   */
  RecordSet adjust(RecordSet desired) {
    boolean proxied = proxied(desired);
    Map<String, String> properties = new HashMap<>();
    if (PROXIABLE.contains(desired.type()) && proxied != proxiedByDefault) {
      properties.put(PROXIED, Boolean.toString(proxied));
    }
    long ttl = proxied || desired.ttl() <= AUTO_TTL ? 0 : desired.ttl();
    return new RecordSet(desired.name(), desired.type(), ttl, desired.values(), properties);
  }

  /**
   * The record operations that turn {@code actual} (the records now at the change's name and
   * type) into the change's target, in order: deletes, patches, posts.
   *
   * @throws IllegalStateException for a create whose records exist in another form (someone else wrote them)
   * @throws IllegalArgumentException for a type dnsguard does not write
   */
  List<Op> ops(Change change, List<CfRecord> actual) {
    RecordSet target = change.target();
    if (!WRITABLE.contains(target.type())) {
      throw new IllegalArgumentException("dnsguard does not write " + target.type() + " records to Cloudflare");
    }
    List<Op> deletes = new ArrayList<>();
    List<Op> patches = new ArrayList<>();
    List<Op> posts = new ArrayList<>();
    if (change instanceof Change.Delete) {
      actual.forEach(r -> deletes.add(new Op.Delete(r.id())));
      return deletes;
    }
    if (change instanceof Change.Create && !actual.isEmpty()) {
      List<RecordSet> there = toRecordSets(actual);
      if (there.size() == 1 && adjust(there.getFirst()).equals(adjust(target))) {
        return List.of(); // an earlier attempt got through
      }
      throw new IllegalStateException(target.name() + " " + target.type() + " was created by someone else meanwhile: "
          + there);
    }
    boolean proxied = proxied(target);
    long ttl = wireTtl(target, proxied);
    Map<String, CfRecord> kept = new LinkedHashMap<>();
    for (CfRecord record : actual) {
      if (target.values().contains(record.value()) && !kept.containsKey(record.value())) {
        kept.put(record.value(), record);
        boolean proxyChange = PROXIABLE.contains(target.type()) && record.proxied() != proxied;
        if (record.ttl() != ttl || proxyChange) {
          ObjectNode fields = json.createObjectNode().put("ttl", ttl);
          if (PROXIABLE.contains(target.type())) {
            fields.put("proxied", proxied);
          }
          patches.add(new Op.Patch(record.id(), fields));
        }
      } else {
        deletes.add(new Op.Delete(record.id()));
      }
    }
    for (String value : target.values()) {
      if (!kept.containsKey(value)) {
        posts.add(new Op.Post(record(target, value, ttl, proxied)));
      }
    }
    List<Op> ops = new ArrayList<>(deletes);
    ops.addAll(patches);
    ops.addAll(posts);
    return ops;
  }

  private ObjectNode record(RecordSet set, String value, long ttl, boolean proxied) {
    ObjectNode record = json.createObjectNode()
        .put("type", set.type().name())
        .put("name", set.name().value())
        .put("content", content(set.type(), value))
        .put("ttl", ttl);
    if (PROXIABLE.contains(set.type())) {
      record.put("proxied", proxied);
    }
    return record;
  }

  static String content(RecordType type, String value) {
    return type == RecordType.TXT ? TxtStrings.quote(value) : value;
  }

  boolean proxied(RecordSet set) {
    if (!PROXIABLE.contains(set.type())) {
      return false;
    }
    String property = set.properties().get(PROXIED);
    return property == null ? proxiedByDefault : Boolean.parseBoolean(property.strip());
  }

  private static long wireTtl(RecordSet set, boolean proxied) {
    return proxied || set.ttl() <= AUTO_TTL ? AUTO_TTL : set.ttl();
  }
}
