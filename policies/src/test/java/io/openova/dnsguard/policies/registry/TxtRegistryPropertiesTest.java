package io.openova.dnsguard.policies.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TxtRegistryPropertiesTest {

  private static final TxtRecordCodec PLAIN = TxtRecordCodec.plain();
  private static final TxtRecordCodec ENCRYPTED =
      TxtRecordCodec.encrypted(TxtEncryption.ofKey("passphrasewhichneedstobe32bytes!"));

  @Property
  void codec_plainAndEncrypted_roundTrip(@ForAll("ownerIds") String owner, @ForAll("resources") String resource) {
    for (TxtRecordCodec codec : new TxtRecordCodec[] {PLAIN, ENCRYPTED}) {
      DecodedTxt decoded = codec.decode(codec.encode(owner, resource));
      assertThat(decoded).isInstanceOfSatisfying(DecodedTxt.Owned.class, owned -> {
        assertThat(owned.ownerId()).isEqualTo(owner);
        assertThat(owned.resource()).isEqualTo(resource);
      });
    }
  }

  @Property
  void mapper_newFormat_roundTripsNameAndType(
      @ForAll("names") String name, @ForAll("types") RecordType type, @ForAll("prefixes") String prefix) {
    TxtNameMapper mapper = new TxtNameMapper(prefix, "", "");
    Hostname endpoint = Hostname.of(name);
    String txtName = mapper.toTxtName(endpoint, type, TxtFormat.NEW);
    assertThat(mapper.toEndpoint(txtName)).contains(new OwnershipRecordName(endpoint, Optional.of(type)));
  }

  @Property
  void mapper_oldFormat_roundTripsName(@ForAll("names") String name, @ForAll("suffixes") String suffix) {
    TxtNameMapper mapper = new TxtNameMapper("", suffix, "");
    Hostname endpoint = Hostname.of(name);
    assertThat(mapper.toEndpoint(mapper.toTxtName(endpoint, RecordType.A, TxtFormat.OLD)))
        .hasValueSatisfying(n -> assertThat(n.endpoint()).isEqualTo(endpoint));
  }

  @Provide
  Arbitrary<String> ownerIds() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '0', '9').ofMinLength(1).ofMaxLength(20);
  }

  @Provide
  Arbitrary<String> resources() {
    return Arbitraries.of("", "ingress/default/web", "service/team-a/api", "httproute/x/y", "crd/ns/ep");
  }

  @Provide
  Arbitrary<String> names() {
    // Names whose first label cannot be mistaken for "<type>-..." (external-dns shares this ambiguity).
    return Arbitraries.strings().withCharRange('b', 'z').ofMinLength(1).ofMaxLength(10)
        .filter(s -> !s.startsWith("ns") && !s.startsWith("mx") && !s.startsWith("srv") && !s.startsWith("naptr") && !s.startsWith("cname"))
        .list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l) + ".example.com");
  }

  @Provide
  Arbitrary<RecordType> types() {
    return Arbitraries.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.MX, RecordType.SRV);
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.of("", "_externaldns.", "txt-", "txt.", "%{record_type}-owner.", "x%{record_type}.");
  }

  @Provide
  Arbitrary<String> suffixes() {
    return Arbitraries.of("", "-txt", ".txt");
  }
}
