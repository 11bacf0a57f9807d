package io.openova.dnsguard.providers.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.providers.route53.Route53Rrset.Action;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.openova.dnsguard.provider.support.TxtStrings;
import org.junit.jupiter.api.Test;

class Route53RecordMapperTest {

  private final Route53RecordMapper mapper = new Route53RecordMapper();

  @Test
  void decodeName_octalEscapes_becomeCharacters() {
    assertThat(Route53RecordMapper.decodeName("\\052.example.com.")).isEqualTo("*.example.com.");
    assertThat(Route53RecordMapper.decodeName("a\\137b.example.com.")).isEqualTo("a_b.example.com.");
    assertThat(Route53RecordMapper.decodeName("plain.example.com.")).isEqualTo("plain.example.com.");
  }

  @Test
  void fromRrset_octalWildcardName_readAsWildcardHostname() {
    Optional<RecordSet> set = mapper.fromRrset(Route53Rrset.simple("\\052.Apps.Example.com.", "A", 60, List.of("192.0.2.1")));

    assertThat(set).contains(RecordSet.of("*.apps.example.com", RecordType.A, 60, "192.0.2.1"));
  }

  @Test
  void fromRrset_nameThatIsNoHostname_skipped() {
    assertThat(mapper.fromRrset(Route53Rrset.simple("a\\040b.example.com.", "A", 60, List.of("192.0.2.1")))).isEmpty();
  }

  @Test
  void quoteTxt_specialCharacters_escapedOctalAndCutAt255Bytes() {
    String quoted = TxtStrings.quote("a\"b\\c\té" + "x".repeat(300), TxtStrings.Escape.OCTAL);

    assertThat(quoted).startsWith("\"a\\\"b\\\\c\\011\\303\\251x");
    assertThat(quoted.split("\" \"")).hasSize(2);
    assertThat(TxtStrings.unquote(quoted, TxtStrings.Escape.OCTAL)).isEqualTo("a\"b\\c\té" + "x".repeat(300));
  }

  @Test
  void quoteTxt_emptyText_oneEmptyString() {
    assertThat(TxtStrings.quote("", TxtStrings.Escape.OCTAL)).isEqualTo("\"\"");
  }

  @Test
  void unquoteTxt_severalStringsAndUnquotedValue_joined() {
    assertThat(TxtStrings.unquote("\"heritage=external-dns,\" \"external-dns/owner=a\"", TxtStrings.Escape.OCTAL))
        .isEqualTo("heritage=external-dns,external-dns/owner=a");
    assertThat(TxtStrings.unquote("v=spf1 -all", TxtStrings.Escape.OCTAL)).isEqualTo("v=spf1 -all");
  }

  @Test
  void fromRrset_alias_readAsAliasWithSettingsAndUnmanaged() {
    Route53Rrset alias = new Route53Rrset("api.example.com.", "AAAA", 0, List.of(),
        Optional.of(new Route53Rrset.Alias("DualStack.LB-1.eu-west-1.elb.amazonaws.com.", "Z32O12XQLNTSW2", true)),
        Optional.empty(), "");

    RecordSet set = mapper.fromRrset(alias).orElseThrow();

    assertThat(set.type()).isEqualTo(RecordType.ALIAS);
    assertThat(set.values()).containsExactly("AAAA dualstack.lb-1.eu-west-1.elb.amazonaws.com");
    assertThat(set.properties()).containsEntry(Route53RecordMapper.ALIAS_ZONE, "Z32O12XQLNTSW2")
        .containsEntry(Route53RecordMapper.ALIAS_HEALTH, "true");
    assertThat(Route53RecordMapper.unmanaged(set)).hasValueSatisfying(why -> assertThat(why).contains("alias"));
  }

  @Test
  void fromRrset_weighted_keepsTypeWithRoutingPropertiesAndUnmanaged() {
    Route53Rrset weighted = new Route53Rrset("w.example.com.", "A", 60, List.of("192.0.2.1"), Optional.empty(),
        Optional.of("blue"), "weight 10");

    RecordSet set = mapper.fromRrset(weighted).orElseThrow();

    assertThat(set.type()).isEqualTo(RecordType.A);
    assertThat(set.properties()).isEqualTo(Map.of(Route53RecordMapper.SET_IDENTIFIER, "blue",
        Route53RecordMapper.ROUTING, "weight 10"));
    assertThat(Route53RecordMapper.unmanaged(set)).hasValueSatisfying(why -> assertThat(why).contains("weight 10"));
  }

  @Test
  void fromRrset_badAddress_throwsNamingTheSet() {
    assertThatThrownBy(() -> mapper.fromRrset(Route53Rrset.simple("x.example.com.", "A", 60, List.of("300.1.1.1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.example.com");
  }

  @Test
  void toChanges_createUpdateDelete_createUpsertDeleteAsListed() {
    RecordSet before = RecordSet.of("api.example.com", RecordType.CNAME, 60, "lb.example.net");
    RecordSet after = before.withValues(List.of("lb2.example.net"));
    Route53Rrset listed = Route53Rrset.simple("api.example.com.", "CNAME", 60, List.of("LB.example.net"));

    assertThat(mapper.toChanges(new Change.Create(before), Optional.empty())).containsExactly(
        new Route53Rrset.Change(Action.CREATE, Route53Rrset.simple("api.example.com.", "CNAME", 60, List.of("lb.example.net."))));
    assertThat(mapper.toChanges(new Change.Update(before, after), Optional.of(listed))).containsExactly(
        new Route53Rrset.Change(Action.UPSERT, Route53Rrset.simple("api.example.com.", "CNAME", 60, List.of("lb2.example.net."))));
    assertThat(mapper.toChanges(new Change.Delete(before), Optional.of(listed)))
        .containsExactly(new Route53Rrset.Change(Action.DELETE, listed));
  }

  @Test
  void weights_upsert_countsTwiceForRecordsAndCharacters() {
    Route53Rrset set = Route53Rrset.simple("a.example.com.", "A", 60, List.of("192.0.2.1", "192.0.2.22"));

    assertThat(Route53RecordMapper.recordCount(new Route53Rrset.Change(Action.CREATE, set))).isEqualTo(2);
    assertThat(Route53RecordMapper.recordCount(new Route53Rrset.Change(Action.UPSERT, set))).isEqualTo(4);
    assertThat(Route53RecordMapper.valueCharacters(new Route53Rrset.Change(Action.DELETE, set))).isEqualTo(19);
    assertThat(Route53RecordMapper.valueCharacters(new Route53Rrset.Change(Action.UPSERT, set))).isEqualTo(38);
  }
}
