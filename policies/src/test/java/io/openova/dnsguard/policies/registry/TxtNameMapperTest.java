package io.openova.dnsguard.policies.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.ownership.NameOwnership;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from external-dns's documented formats (docs/registry/txt.md, registry/mapper tests). */
class TxtNameMapperTest {

  @ParameterizedTest(name = "prefix={0} suffix={1} {2} {3} {4} → {5}")
  @CsvSource({
    "_externaldns., '', api.example.com, A, NEW, _externaldns.a-api.example.com",
    "_externaldns., '', api.example.com, A, OLD, _externaldns.api.example.com",
    "'', '', foo.example.com, A, NEW, a-foo.example.com",
    "'', '', foo.example.com, CNAME, NEW, cname-foo.example.com",
    "'', '', foo.example.com, A, OLD, foo.example.com",
    "txt., '', foo.example.com, AAAA, NEW, txt.aaaa-foo.example.com",
    "'', -txt, foo.example.com, A, NEW, a-foo-txt.example.com",
    "'', -txt, foo.example.com, A, OLD, foo-txt.example.com",
    "%{record_type}-, '', foo.example.com, CNAME, NEW, cname-foo.example.com",
    "txt-%{record_type}., '', foo.example.com, A, NEW, txt-a.foo.example.com",
    "'', .%{record_type}-txt, foo.example.com, A, NEW, foo.a-txt.example.com",
    "_externaldns., '', *.example.com, A, NEW, _externaldns.a-*.example.com",
    "'', '', example.com, A, NEW, a-example.com",
  })
  void toTxtName_externalDnsFormats(
      String prefix, String suffix, String endpoint, RecordType type, TxtFormat format, String txtName) {
    TxtNameMapper mapper = new TxtNameMapper(prefix, suffix, "");
    assertThat(mapper.toTxtName(Hostname.of(endpoint), type, format)).isEqualTo(txtName);
  }

  @ParameterizedTest(name = "{0}/{1}: {2} → {3} {4}")
  @CsvSource({
    "_externaldns., '', _externaldns.a-api.example.com, api.example.com, A",
    "_externaldns., '', _externaldns.api.example.com, api.example.com, ''",
    "_externaldns., '', _externaldns.cname-www.example.com., www.example.com, CNAME",
    "'', '', a-foo.example.com, foo.example.com, A",
    "'', -txt, a-foo-txt.example.com, foo.example.com, A",
    "'', -txt, foo-txt.example.com, foo.example.com, ''",
    "txt-%{record_type}., '', txt-a.foo.example.com, foo.example.com, A",
    "txt-%{record_type}., '', txt-.foo.example.com, foo.example.com, ''",
    "_externaldns., '', _externaldns.a-*.example.com, *.example.com, A",
  })
  void toEndpoint_bothFormats(String prefix, String suffix, String txtName, String endpoint, String type) {
    TxtNameMapper mapper = new TxtNameMapper(prefix, suffix, "");
    Optional<RecordType> expectedType = type.isEmpty() ? Optional.empty() : Optional.of(RecordType.valueOf(type));
    assertThat(mapper.toEndpoint(txtName)).contains(new OwnershipRecordName(Hostname.of(endpoint), expectedType));
  }

  @Test
  void toEndpoint_nameWithoutPrefix_isNotAnOwnershipName() {
    assertThat(new TxtNameMapper("_externaldns.", "", "").toEndpoint("api.example.com")).isEmpty();
  }

  @Test
  void wildcardReplacement_roundTrips() {
    TxtNameMapper mapper = new TxtNameMapper("_externaldns.", "", "star");
    String name = mapper.toTxtName(Hostname.of("*.example.com"), RecordType.A, TxtFormat.NEW);
    assertThat(name).isEqualTo("_externaldns.a-star.example.com");
    assertThat(mapper.toEndpoint(name))
        .contains(new OwnershipRecordName(Hostname.of("*.example.com"), Optional.of(RecordType.A)));
  }

  @Test
  void typed_holdsEveryTypeDnsguardWrites() {
    // CachedZone.deciding fetches ownership records at the TYPED names only: the planner's must be among them.
    assertThat(TxtNameMapper.TYPED).containsAll(NameOwnership.MANAGED_TYPES);
  }

  @ParameterizedTest(name = "prefix={0} suffix={1}")
  @CsvSource({"'', ''", "_externaldns., ''", "'', -txt", "%{record_type}-, ''", "txt-%{record_type}., ''",
      "'', .%{record_type}-txt"})
  void toEndpoint_newFormatName_isTheNamesOwnershipRecordExactlyForTypedTypes(String prefix, String suffix) {
    TxtNameMapper mapper = new TxtNameMapper(prefix, suffix, "");
    Hostname name = Hostname.of("api.example.com");
    for (RecordType type : RecordType.values()) {
      Optional<Hostname> readBack = mapper.toEndpoint(mapper.toTxtName(name, type, TxtFormat.NEW))
          .map(OwnershipRecordName::endpoint);
      assertThat(readBack.filter(name::equals)).as(type.name()).isEqualTo(
          TxtNameMapper.TYPED.contains(type) ? Optional.of(name) : Optional.empty());
    }
  }
}
