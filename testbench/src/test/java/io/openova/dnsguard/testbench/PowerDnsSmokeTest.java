package io.openova.dnsguard.testbench;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.testbench.junit.RealPowerDns;
import org.junit.jupiter.api.Test;

@RealPowerDns
class PowerDnsSmokeTest {

  @Test
  void rrsetWrittenThroughApi_isAnsweredOverDns(PowerDnsServer pdns) {
    pdns.createZone("smoke.test");
    var response = pdns.api("PATCH", "/api/v1/servers/localhost/zones/smoke.test.", """
        {"rrsets": [
          {"name": "api.smoke.test.", "type": "A", "ttl": 120, "changetype": "REPLACE",
           "records": [{"content": "192.0.2.10", "disabled": false}]},
          {"name": "_externaldns.a-api.smoke.test.", "type": "TXT", "ttl": 120, "changetype": "REPLACE",
           "records": [{"content": "\\"heritage=external-dns,external-dns/owner=smoke\\"", "disabled": false}]}
        ]}""");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);

    DnsQuery dns = new DnsQuery(pdns.dnsPort());
    assertThat(dns.answers("api.smoke.test", "A")).containsExactly("192.0.2.10");
    assertThat(dns.ttl("api.smoke.test", "A")).isEqualTo(120);
    assertThat(dns.answers("_externaldns.a-api.smoke.test", "TXT"))
        .containsExactly("heritage=external-dns,external-dns/owner=smoke");
    assertThat(dns.answers("missing.smoke.test", "A")).isEmpty();
  }

  @Test
  void restart_keepsDataAndPorts(PowerDnsServer pdns) {
    pdns.createZone("restart.test");
    pdns.api("PATCH", "/api/v1/servers/localhost/zones/restart.test.", """
        {"rrsets": [{"name": "www.restart.test.", "type": "A", "ttl": 60, "changetype": "REPLACE",
          "records": [{"content": "192.0.2.20", "disabled": false}]}]}""");
    pdns.stop();
    assertThat(pdns.isRunning()).isFalse();
    pdns.restart();
    assertThat(new DnsQuery(pdns.dnsPort()).answers("www.restart.test", "A")).containsExactly("192.0.2.20");
  }
}
