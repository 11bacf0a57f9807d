package io.openova.dnsguard.reconciler.e2e;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.PowerDnsServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One test zone on a real PowerDNS: raw API access (as another tool would write), DNS answers. */
final class Dns {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  final PowerDnsServer pdns;
  final String zone;
  final DnsQuery query;

  Dns(PowerDnsServer pdns, String zone) {
    this.pdns = pdns;
    this.zone = zone;
    this.query = new DnsQuery(pdns.dnsPort());
    pdns.createZone(zone);
  }

  static DnsProvider provider(PowerDnsServer pdns) {
    return PowerDnsProvider.create(PowerDnsConfig.of(pdns.apiUrl(), Secret.of(pdns.apiKey())));
  }

  Zone ref() {
    return new Zone(zone + ".", Hostname.of(zone));
  }

  List<String> answers(String name, String type) {
    return query.answers(name, type);
  }

  /** PATCHes raw rrsets, e.g. {@code {"name":"x.zone.","type":"LUA","ttl":60,"changetype":"REPLACE","records":[...]}}. */
  void patch(String rrsetsJsonArray) {
    HttpResponse<String> response = pdns.api("PATCH", "/api/v1/servers/localhost/zones/" + zone + ".",
        "{\"rrsets\":" + rrsetsJsonArray + "}");
    if (response.statusCode() != 204) {
      throw new IllegalStateException("PowerDNS refused the seed: HTTP " + response.statusCode() + " " + response.body());
    }
  }

  /** Every rrset of the zone exactly as the API returns it, by "name type" (SOA left out: every write bumps it). */
  Map<String, String> rawRrsets() {
    HttpResponse<String> response = pdns.api("GET", "/api/v1/servers/localhost/zones/" + zone + ".", null);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET zone: HTTP " + response.statusCode() + " " + response.body());
    }
    Map<String, String> rrsets = new TreeMap<>();
    for (JsonNode rrset : JSON.readTree(response.body()).path("rrsets")) {
      String type = rrset.path("type").asString();
      if (!type.equals("SOA")) {
        rrsets.put(rrset.path("name").asString() + " " + type, rrset.toString());
      }
    }
    return rrsets;
  }
}
