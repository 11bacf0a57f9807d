package io.openova.dnsguard.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.RecordSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import io.openova.dnsguard.provider.support.TxtStrings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PowerDnsRecordMapperTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final PowerDnsRecordMapper mapper = new PowerDnsRecordMapper(JSON);

  private JsonNode rrset(Change change) {
    return JSON.readTree(PowerDnsFixtures.rrsetBytes(mapper, change));
  }

  private static JsonNode json(String text) {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void toRrset_create_isReplaceWithAbsoluteNameAndRecords() {
    RecordSet set = RecordSet.of("API.example.com", RecordType.A, 300, "192.0.2.2", "192.0.2.1");

    assertThat(rrset(new Change.Create(set)).toString()).isEqualTo(json("{'name':'api.example.com.','type':'A','ttl':300,"
        + "'changetype':'REPLACE','records':[{'content':'192.0.2.1','disabled':false},{'content':'192.0.2.2','disabled':false}]}").toString());
  }

  @Test
  void quoting_sharedContentQuotedOnce_otherContentsTheirOwn() {
    String shared = "heritage=external-dns,external-dns/owner=a";
    PowerDnsRecordMapper.Quoting quoting = new PowerDnsRecordMapper.Quoting();

    String first = quoting.content(RecordType.TXT, shared);
    assertThat(quoting.content(RecordType.TXT, shared)).as("the same string again").isSameAs(first);
    assertThat(quoting.content(RecordType.TXT, "say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
    assertThat(quoting.content(RecordType.A, "192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(quoting.content(RecordType.TXT, new String(shared))).as("an equal string").isEqualTo(first)
        .isEqualTo("\"" + shared + "\"");
  }

  @Test
  void toRrset_cname_targetIsAbsolute() {
    RecordSet set = RecordSet.of("www.example.com", RecordType.CNAME, 60, "LB.example.net");

    assertThat(rrset(new Change.Create(set)).path("records").get(0).path("content").asString())
        .isEqualTo("lb.example.net.");
  }

  @Test
  void toRrset_delete_isDeleteWithoutRecords() {
    RecordSet set = RecordSet.of("api.example.com", RecordType.AAAA, 300, "2001:db8::1");

    assertThat(rrset(new Change.Delete(set)))
        .isEqualTo(json("{'name':'api.example.com.','type':'AAAA','changetype':'DELETE'}"));
  }

  @Test
  void toRrset_update_writesTheNewSet() {
    RecordSet before = RecordSet.of("api.example.com", RecordType.A, 300, "192.0.2.1");

    JsonNode rrset = rrset(new Change.Update(before, before.withTtl(60)));

    assertThat(rrset.path("ttl").asLong()).isEqualTo(60);
    assertThat(rrset.path("changetype").asString()).isEqualTo("REPLACE");
  }

  @Test
  void quoteTxt_ownershipRecord_isOneQuotedString() {
    assertThat(TxtStrings.quote("heritage=external-dns,external-dns/owner=c1", TxtStrings.Escape.DECIMAL))
        .isEqualTo("\"heritage=external-dns,external-dns/owner=c1\"");
  }

  @Test
  void quoteTxt_quotesBackslashesAndControlBytes_areEscaped() {
    assertThat(TxtStrings.quote("say \"hi\" \\ \t é", TxtStrings.Escape.DECIMAL)).isEqualTo("\"say \\\"hi\\\" \\\\ \\009 \\195\\169\"");
  }

  @Test
  void quoteTxt_longerThan255Bytes_isCutIntoCharacterStrings() {
    String text = "x".repeat(300);

    assertThat(TxtStrings.quote(text, TxtStrings.Escape.DECIMAL)).isEqualTo("\"" + "x".repeat(255) + "\" \"" + "x".repeat(45) + "\"");
  }

  @Test
  void unquoteTxt_multipleStringsAndEscapes_joined() {
    assertThat(TxtStrings.unquote("\"v=spf1 \" \"-all\"", TxtStrings.Escape.DECIMAL)).isEqualTo("v=spf1 -all");
    assertThat(TxtStrings.unquote("\"a\\\"b\\\\c\\195\\169\"", TxtStrings.Escape.DECIMAL)).isEqualTo("a\"b\\cé");
    assertThat(TxtStrings.unquote("\"\"", TxtStrings.Escape.DECIMAL)).isEmpty();
  }

  @Property(tries = 300)
  void quoteThenUnquote_anyText_roundTrips(@ForAll String text) {
    String valid = text.codePoints().filter(cp -> !Character.isSurrogate((char) cp) || cp > 0xffff)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();

    assertThat(TxtStrings.unquote(TxtStrings.quote(valid, TxtStrings.Escape.DECIMAL), TxtStrings.Escape.DECIMAL)).isEqualTo(valid);
  }

  @Test
  void fromRrset_zoneGetEntry_isCanonicalRecordSet() {
    JsonNode rrset = json("{'name':'_externaldns.a-api.example.com.','type':'TXT','ttl':300,'comments':[],"
        + "'records':[{'content':'\\'heritage=external-dns,external-dns/owner=c1\\'','disabled':false}]}"
        .replace("\\'", "\\\""));

    assertThat(mapper.fromRrset(rrset)).contains(RecordSet.of("_externaldns.a-api.example.com", RecordType.TXT, 300,
        "heritage=external-dns,external-dns/owner=c1"));
  }

  @Test
  void fromRrset_unmanagedTypes_keptWithTheirContent() {
    JsonNode lua = json("{'name':'lua.example.com.','type':'LUA','ttl':60,'records':[{'content':'A \\'1.2.3.4\\'','disabled':false}]}"
        .replace("\\'", "\\\""));
    JsonNode mx = json("{'name':'example.com.','type':'MX','ttl':60,'records':[{'content':'10 mx.example.net.','disabled':true}]}");

    assertThat(mapper.fromRrset(lua).orElseThrow().type()).isEqualTo(RecordType.LUA);
    assertThat(mapper.fromRrset(mx).orElseThrow().values()).containsExactly("10 mx.example.net.");
  }

  @Test
  void fromRrset_nameThatIsNoHostnameOrNoRecords_isSkipped() {
    assertThat(mapper.fromRrset(json("{'name':'a_b.example.com.','type':'A','ttl':60,'records':[{'content':'192.0.2.1'}]}")))
        .isEqualTo(Optional.empty());
    assertThat(mapper.fromRrset(json("{'name':'c.example.com.','type':'A','ttl':60,'records':[]}"))).isEmpty();
  }

  @Test
  void fromRrset_cnameAndAaaa_comparableWithDesiredSets() {
    JsonNode cname = json("{'name':'www.example.com.','type':'CNAME','ttl':60,'records':[{'content':'lb.example.net.'}]}");
    JsonNode aaaa = json("{'name':'www.example.com.','type':'AAAA','ttl':60,'records':[{'content':'2001:db8::1'}]}");

    assertThat(mapper.fromRrset(cname)).contains(RecordSet.of("www.example.com", RecordType.CNAME, 60, "lb.example.net"));
    assertThat(mapper.fromRrset(aaaa)).contains(RecordSet.of("www.example.com", RecordType.AAAA, 60, "2001:0DB8::0001"));
  }

  @Test
  void fromRrset_unparseableAddress_throws() {
    assertThatThrownBy(() -> mapper.fromRrset(json("{'name':'x.example.com.','type':'A','ttl':60,'records':[{'content':'nope'}]}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(List.of()).isEmpty();
  }
}
