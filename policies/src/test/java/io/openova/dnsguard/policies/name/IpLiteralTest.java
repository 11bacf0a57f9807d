package io.openova.dnsguard.policies.name;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
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
    assertThat(IpLiteral.ipv4("0.0.0.0")).contains("0.0.0.0");
    assertThat(IpLiteral.ipv4("00.0.0.100")).contains("0.0.0.100");
    assertThat(IpLiteral.ipv4("1.2.3.4.")).isEmpty();
    assertThat(IpLiteral.ipv4(".1.2.3")).isEmpty();
    assertThat(IpLiteral.ipv4("1.2.3.0004")).isEmpty();
    assertThat(IpLiteral.ipv4("+1.2.3.4")).isEmpty();
    assertThat(IpLiteral.ipv4("1.2.3.4 ")).isEmpty();
    assertThat(IpLiteral.ipv4("")).isEmpty();
  }

  @Property
  void ipv4_anyOctetsWithLeadingZeros_readAsTheirNumbers(@ForAll @IntRange(max = 255) int a,
      @ForAll @IntRange(max = 255) int b, @ForAll @IntRange(max = 255) int c, @ForAll @IntRange(max = 255) int d,
      @ForAll @IntRange(max = 2) int zeros) {
    String padded = "%0" + (zeros + 1) + "d"; // up to three digits, as the octet allows
    String text = String.join(".", padded.formatted(a), padded.formatted(b), "%d".formatted(c), padded.formatted(d));
    assertThat(IpLiteral.ipv4(text)).contains(a + "." + b + "." + c + "." + d);
  }

  @Property
  void ipv4_anyText_emptyOrACanonicalQuadOfItsNumbers(@ForAll @StringLength(max = 20) @Chars({'0', '1', '2', '5', '9', '.', 'x'}) String text) {
    IpLiteral.ipv4(text).ifPresent(quad -> {
      assertThat(IpLiteral.ipv4(quad)).contains(quad);
      String[] in = text.split("\\.", -1);
      String[] out = quad.split("\\.", -1);
      assertThat(in).hasSize(4);
      for (int i = 0; i < 4; i++) {
        assertThat(in[i]).hasSizeBetween(1, 3);
        assertThat(Integer.parseInt(out[i])).isEqualTo(Integer.parseInt(in[i])).isLessThanOrEqualTo(255);
        assertThat(out[i]).isEqualTo(Integer.toString(Integer.parseInt(in[i])));
      }
    });
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
