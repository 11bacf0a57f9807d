package io.openova.dnsguard.policies.name;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpLiteralTest {

  @Test
  void ipv4_dottedQuads_canonicalWithoutLeadingZeros() {
    assertThat(IpLiteral.ipv4("192.0.2.1")).contains("192.0.2.1");
    assertThat(IpLiteral.ipv4("010.000.002.001")).contains("10.0.2.1");
    assertThat(IpLiteral.ipv4("256.1.1.1")).isEmpty();
    assertThat(IpLiteral.ipv4("1.2.3")).isEmpty();
    assertThat(IpLiteral.ipv4("1.2.3.4.5")).isEmpty();
    assertThat(IpLiteral.ipv4("1.2.3.x")).isEmpty();
    assertThat(IpLiteral.ipv4("1..3.4")).isEmpty();
    assertThat(IpLiteral.ipv4("example.com")).isEmpty();
  }

  @Test
  void ipv6_anySpelling_rfc5952() {
    assertThat(IpLiteral.ipv6("2001:DB8:0:0:0:0:0:1")).contains("2001:db8::1");
    assertThat(IpLiteral.ipv6("2001:db8:0000:1:0:0:0:0")).contains("2001:db8:0:1::");
    assertThat(IpLiteral.ipv6("::")).contains("::");
    assertThat(IpLiteral.ipv6("::ffff:192.0.2.1")).contains("::ffff:c000:201");
    assertThat(IpLiteral.ipv6("2001:db8:0:1:1:1:1:1")).contains("2001:db8:0:1:1:1:1:1"); // one zero group stays
  }

  @Test
  void ipv6_malformed_empty() {
    assertThat(IpLiteral.ipv6("1::2::3")).isEmpty();
    assertThat(IpLiteral.ipv6("12345::1")).isEmpty();
    assertThat(IpLiteral.ipv6("1:2:3:4:5:6:7")).isEmpty();
    assertThat(IpLiteral.ipv6("1:2:3:4:5:6:7:8:9")).isEmpty();
    assertThat(IpLiteral.ipv6("fe80::1%eth0")).isEmpty();
    assertThat(IpLiteral.ipv6("g::1")).isEmpty();
    assertThat(IpLiteral.ipv6("::1.2.3")).isEmpty();
  }
}
