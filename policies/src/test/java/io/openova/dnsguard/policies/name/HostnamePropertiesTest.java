package io.openova.dnsguard.policies.name;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

class HostnamePropertiesTest {

  @Property
  void parse_canonicalForm_isIdempotent(@ForAll("anyText") String input) {
    if (Hostname.parse(input) instanceof ParsedHostname.Valid valid) {
      assertThat(Hostname.of(valid.hostname().value())).isEqualTo(valid.hostname());
    }
  }

  @Property
  void parse_caseAndTrailingDot_doNotMatter(@ForAll("names") String name) {
    Hostname canonical = Hostname.of(name);
    assertThat(Hostname.of(name.toUpperCase(Locale.ROOT))).isEqualTo(canonical);
    assertThat(Hostname.of(name + ".")).isEqualTo(canonical);
    assertThat(canonical.value()).doesNotEndWith(".").isEqualTo(canonical.value().toLowerCase(Locale.ROOT));
  }

  /**
   * A name in lower case is checked as it is; with a letter in upper case it is lower-cased first.
   * Both must reach the same verdict, on names at every rule's edge: label and name lengths,
   * hyphens, wildcards, underscores, A-labels.
   */
  @Property(tries = 3000)
  void parse_verdict_sameInUpperCase(@ForAll("edgeNames") String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (upper.equals(name)) {
      return; // no letter to raise
    }
    assertThat(verdict(Hostname.parse(upper))).as(upper).isEqualTo(verdict(Hostname.parse(name)));
  }

  private static String verdict(ParsedHostname parsed) {
    return switch (parsed) {
      case ParsedHostname.Valid valid -> "valid " + valid.hostname().value();
      case ParsedHostname.Invalid invalid -> "invalid " + invalid.rule();
    };
  }

  @Provide
  Arbitrary<String> edgeNames() {
    Arbitrary<String> label = Arbitraries.oneOf(
        Arbitraries.strings().withChars("ax9-_*").ofMaxLength(6),
        Arbitraries.of("*", "_a", "xn--a", "xn--bcher-kva", "xn-a", "a-", "-a", "a--b", "x", "_", "a_b", "*a"),
        Arbitraries.integers().between(60, 66).map("a"::repeat),
        Arbitraries.integers().between(60, 66).map(n -> "a".repeat(n - 1) + "-"));
    return label.list().ofMinSize(1).ofMaxSize(6).flatMap(labels -> Arbitraries.of("", ".", ".example", ".a".repeat(90))
        .map(tail -> String.join(".", labels) + tail));
  }

  @Property
  void parse_unicodeAndPunycode_sameHostname(@ForAll("unicodeNames") String name) {
    if (Hostname.parse(name) instanceof ParsedHostname.Valid valid) {
      assertThat(valid.hostname().value()).matches("[a-z0-9.-]+");
      assertThat(Hostname.of(valid.hostname().value())).isEqualTo(valid.hostname());
    }
  }

  @Property
  void covers_wildcard_everyNameBelowAtAnyDepth(@ForAll("names") String base, @ForAll("labels") List<String> prefix) {
    Hostname zone = Hostname.of(base);
    Hostname wildcard = Hostname.of("*." + base);
    String below = String.join(".", prefix) + "." + base;
    if (Hostname.parse(below) instanceof ParsedHostname.Valid valid) {
      assertThat(wildcard.covers(valid.hostname())).isTrue();
    }
    assertThat(wildcard.covers(zone)).isFalse();
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("aZ9-_.*ü ").ofMaxLength(30),
        names(),
        unicodeNames());
  }

  @Provide
  Arbitrary<String> names() {
    return labels().map(labels -> String.join(".", labels) + ".example");
  }

  @Provide
  Arbitrary<List<String>> labels() {
    Arbitrary<String> label =
        Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(1).ofMaxLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMaxLength(20),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(1))
            .as((first, middle, last) -> first + middle + last);
    return label.list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> unicodeNames() {
    return Arbitraries.strings().withChars("abcüéßøçñ漢字дж").ofMinLength(1).ofMaxLength(12).map(s -> s + ".example");
  }
}
