package io.openova.dnsguard.provider.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TxtStringsTest {

  @Test
  void split_longText_partsOfAtMost255BytesNeverInsideACharacter() {
    String text = "é".repeat(200); // 400 bytes

    assertThat(TxtStrings.split(text)).hasSize(2)
        .allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255))
        .satisfies(parts -> assertThat(String.join("", parts)).isEqualTo(text));
    assertThat(TxtStrings.split("")).containsExactly("");
  }

  // The short-ASCII path and the counting path must cut alike: every part full up to a character
  // that would not fit, none over 255 bytes, the text joined back as it was.
  @Property(tries = 300)
  void split_anyText_greedyPartsOfAtMost255Bytes(@ForAll @StringLength(max = 700) String text) {
    var parts = TxtStrings.split(text);

    assertThat(String.join("", parts)).isEqualTo(text);
    for (int i = 0; i < parts.size(); i++) {
      int bytes = parts.get(i).getBytes(StandardCharsets.UTF_8).length;
      assertThat(bytes).isLessThanOrEqualTo(255);
      if (i + 1 < parts.size()) {
        String next = parts.get(i + 1);
        int first = next.substring(0, Character.charCount(next.codePointAt(0))).getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes + first).as("part %d could have taken the next character", i).isGreaterThan(255);
      }
    }
  }

  @Test
  void quote_quotesAndBackslashesAndControls_escapedAndUnquotedBack() {
    String text = "say \"hi\" \\ tab\there " + "x".repeat(300);

    String quoted = TxtStrings.quote(text);

    assertThat(quoted).startsWith("\"say \\\"hi\\\" \\\\ tab\\009here ").contains("\" \"");
    assertThat(io.openova.dnsguard.providers.stub.Strict.wellFormedTxt(quoted)).isTrue();
    assertThat(TxtStrings.unquote(quoted)).isEqualTo(text);
  }

  @Test
  void quote_eachEscapeStyle_onlyTheBytesOutsideAsciiDiffer_andEachReadsBack() {
    String text = "é \"q\"\t";

    assertThat(TxtStrings.quote(text, TxtStrings.Escape.UTF8)).isEqualTo("\"é \\\"q\\\"\\009\"");
    assertThat(TxtStrings.quote(text, TxtStrings.Escape.DECIMAL)).isEqualTo("\"\\195\\169 \\\"q\\\"\\009\"");
    assertThat(TxtStrings.quote(text, TxtStrings.Escape.OCTAL)).isEqualTo("\"\\303\\251 \\\"q\\\"\\011\"");
    for (TxtStrings.Escape escape : TxtStrings.Escape.values()) {
      assertThat(TxtStrings.unquote(TxtStrings.quote(text, escape), escape)).as(escape.name()).isEqualTo(text);
    }
  }

  @Test
  void unquote_unquotedContent_keptAsItIs() {
    assertThat(TxtStrings.unquote("google-site-verification=abc\"quoted\"")).isEqualTo(
        "google-site-verification=abc\"quoted\"");
  }

  @Test
  void wellFormed_unbalancedOrTooLong_false() {
    assertThat(io.openova.dnsguard.providers.stub.Strict.wellFormedTxt("\"open")).isFalse();
    assertThat(io.openova.dnsguard.providers.stub.Strict.wellFormedTxt("\"" + "x".repeat(256) + "\"")).isFalse();
    assertThat(io.openova.dnsguard.providers.stub.Strict.wellFormedTxt("\"a\" junk \"b\"")).isFalse();
    assertThat(io.openova.dnsguard.providers.stub.Strict.wellFormedTxt("\"a\" \"b\"")).isTrue();
  }
}
