package io.openova.dnsguard.policies.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HostnameTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "api.example.com, api.example.com",
    "API.Example.COM, api.example.com",
    "api.example.com., api.example.com",
    "bücher.example, xn--bcher-kva.example",
    "BÜCHER.example., xn--bcher-kva.example",
    "xn--bcher-kva.example, xn--bcher-kva.example",
    "XN--BCHER-KVA.example, xn--bcher-kva.example",
    "shop.Xn--Bcher-Kva.example, shop.xn--bcher-kva.example",
    "axn--b.example, axn--b.example",
    "faß.de, xn--fa-hia.de",
    "*.example.com, *.example.com",
    "_externaldns.a-api.example.com, _externaldns.a-api.example.com",
    "localhost, localhost",
  })
  void parse_validSpellings_canonicalForm(String input, String canonical) {
    assertThat(Hostname.of(input).value()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0} breaks {1}")
  @CsvSource({
    "'', EMPTY",
    "., EMPTY",
    "a..example.com, EMPTY_LABEL",
    ".example.com, EMPTY_LABEL",
    "example.com.., EMPTY_LABEL",
    "-api.example.com, LABEL_HYPHEN",
    "api-.example.com, LABEL_HYPHEN",
    "api_x.example.com, LABEL_CHARACTERS",
    "'api .example.com', LABEL_CHARACTERS",
    "api.*.example.com, WILDCARD_POSITION",
    "a*.example.com, WILDCARD_POSITION",
    "*, WILDCARD_POSITION",
    "xn--zz.example, IDNA",
    "shop.XN--zz.example, IDNA",
  })
  void parse_invalidNames_nameTheBrokenRule(String input, HostnameRule rule) {
    assertThat(Hostname.parse(input)).isEqualTo(new ParsedHostname.Invalid(input, rule));
  }

  @Test
  void parse_eachUpperCaseLetterAlone_lowered() {
    for (char letter = 'A'; letter <= 'Z'; letter++) {
      String upper = letter + "-1." + letter + letter;
      assertThat(Hostname.of(upper).value()).as(upper).isEqualTo(upper.toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void parse_64CharacterLabel_labelTooLong() {
    String label = "a".repeat(64);
    assertThat(Hostname.parse(label + ".example.com"))
        .isEqualTo(new ParsedHostname.Invalid(label + ".example.com", HostnameRule.LABEL_TOO_LONG));
    assertThat(Hostname.parse("a".repeat(63) + ".example.com")).isInstanceOf(ParsedHostname.Valid.class);
  }

  @Test
  void parse_254CharacterName_nameTooLong() {
    String name253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
    assertThat(name253).hasSize(253);
    assertThat(Hostname.parse(name253)).isInstanceOf(ParsedHostname.Valid.class);
    assertThat(Hostname.parse(name253 + ".")).isInstanceOf(ParsedHostname.Valid.class);
    String name254 = name253.substring(0, 252) + ".e";
    assertThat(name254).hasSize(254);
    assertThat(Hostname.parse(name254)).isEqualTo(new ParsedHostname.Invalid(name254, HostnameRule.NAME_TOO_LONG));
  }

  @Test
  void of_invalidName_throwsWithRule() {
    assertThatThrownBy(() -> Hostname.of("a..b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid hostname \"a..b\": labels must not be empty (no leading dot, no \"..\")");
  }

  @Test
  void covers_wildcard_everyDepthBelowButNotBase() {
    Hostname wildcard = Hostname.of("*.example.com");
    assertThat(wildcard.covers(Hostname.of("api.example.com"))).isTrue();
    assertThat(wildcard.covers(Hostname.of("a.b.c.example.com"))).isTrue();
    assertThat(wildcard.covers(Hostname.of("*.apps.example.com"))).isTrue();
    assertThat(wildcard.covers(Hostname.of("example.com"))).isFalse();
    assertThat(wildcard.covers(Hostname.of("badexample.com"))).isFalse();
    assertThat(wildcard.covers(Hostname.of("api.example.org"))).isFalse();
  }

  @Test
  void covers_plainName_onlyItself() {
    Hostname name = Hostname.of("api.example.com");
    assertThat(name.covers(Hostname.of("api.example.com"))).isTrue();
    assertThat(name.covers(Hostname.of("x.api.example.com"))).isFalse();
  }

  @Test
  void isWithin_suffixes_matchWholeLabelsOnly() {
    assertThat(Hostname.of("api.example.com").isWithin(Hostname.of("example.com"))).isTrue();
    assertThat(Hostname.of("example.com").isWithin(Hostname.of("example.com"))).isTrue();
    assertThat(Hostname.of("*.example.com").isWithin(Hostname.of("example.com"))).isTrue();
    assertThat(Hostname.of("myexample.com").isWithin(Hostname.of("example.com"))).isFalse();
  }

  @Test
  void hasReservedLabel_underscoreAtLabelStart_true() {
    assertThat(Hostname.of("_acme-challenge.example.com").hasReservedLabel()).isTrue();
    assertThat(Hostname.of("x._tcp.example.com").hasReservedLabel()).isTrue();
    assertThat(Hostname.of("api.example.com").hasReservedLabel()).isFalse();
  }
}
