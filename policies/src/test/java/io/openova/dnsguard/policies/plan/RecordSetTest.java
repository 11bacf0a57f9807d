package io.openova.dnsguard.policies.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.RecordType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecordSetTest {

  @Test
  void new_unsortedDuplicateValues_sortedAndDistinct() {
    RecordSet set = RecordSet.of("api.example.com", RecordType.A, 60, "192.0.2.9", "192.0.2.1", "192.0.2.9");

    assertThat(set.values()).containsExactly("192.0.2.1", "192.0.2.9");
  }

  @ParameterizedTest
  @CsvSource({
      "2001:DB8::1, 2001:db8::1",
      "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
      "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "::, ::",
      "::ffff:192.0.2.1, ::ffff:c000:201",
      "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
  })
  void new_aaaa_canonicalPerRfc5952(String input, String canonical) {
    assertThat(RecordSet.of("api.example.com", RecordType.AAAA, 60, input).values()).containsExactly(canonical);
  }

  @ParameterizedTest
  @CsvSource({"A, 256.0.0.1", "A, 192.0.2", "A, 192.0.2.x", "AAAA, 2001:db8::1::1", "AAAA, 2001:db8:1:2:3:4:5:6:7",
      "AAAA, 12345::1", "CNAME, bad..target"})
  void new_invalidValue_rejectedWithTheName(RecordType type, String value) {
    assertThatThrownBy(() -> RecordSet.of("api.example.com", type, 60, value))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api.example.com");
  }

  @Test
  void new_cnameTarget_canonicalWithoutTrailingDot() {
    assertThat(RecordSet.of("api.example.com", RecordType.CNAME, 60, "LB.Example.NET.").values())
        .containsExactly("lb.example.net");
  }

  @Test
  void new_cnameWithTwoTargets_rejected() {
    assertThatThrownBy(() -> RecordSet.of("api.example.com", RecordType.CNAME, 60, "a.example.net", "b.example.net"))
        .hasMessageContaining("exactly one target");
  }

  @Test
  void new_ttlOutOfRangeOrNoValues_rejected() {
    assertThatThrownBy(() -> RecordSet.of("api.example.com", RecordType.A, -1, "192.0.2.1")).hasMessageContaining("TTL");
    assertThatThrownBy(() -> RecordSet.of("api.example.com", RecordType.A, 1L << 31, "192.0.2.1")).hasMessageContaining("TTL");
    assertThatThrownBy(() -> RecordSet.of("api.example.com", RecordType.A, 60)).hasMessageContaining("no values");
  }

  @Test
  void new_txtValue_keptVerbatim() {
    assertThat(RecordSet.of("api.example.com", RecordType.TXT, 60, " say \"hi\" ").values()).containsExactly(" say \"hi\" ");
  }

  @Test
  void equals_propertiesCount() {
    RecordSet plain = RecordSet.of("api.example.com", RecordType.A, 60, "192.0.2.1");
    RecordSet proxied = new RecordSet(plain.name(), plain.type(), 60, List.of("192.0.2.1"), Map.of("proxied", "true"));

    assertThat(proxied).isNotEqualTo(plain);
    assertThat(new Change.Update(plain, proxied).toString()).contains("{proxied=true}");
  }

  @Test
  void update_sameSetOrOtherKey_rejected() {
    RecordSet set = RecordSet.of("api.example.com", RecordType.A, 60, "192.0.2.1");

    assertThatThrownBy(() -> new Change.Update(set, set)).hasMessageContaining("must change something");
    assertThatThrownBy(() -> new Change.Update(set, RecordSet.of("web.example.com", RecordType.A, 60, "192.0.2.1")))
        .hasMessageContaining("keeps name and type");
  }

  @Test
  void desired_unmanagedType_rejected() {
    assertThatThrownBy(() -> new Desired(RecordSet.of("api.example.com", RecordType.MX, 60, "10 mx.example.net."), "crd/a/b"))
        .hasMessageContaining("not MX");
  }
}
