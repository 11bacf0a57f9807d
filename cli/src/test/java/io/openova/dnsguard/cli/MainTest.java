package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.claim.ExternalDnsAnnotations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainTest {

  @AfterEach
  void defaults() {
    ExternalDnsAnnotations.usePrefixes(ExternalDnsAnnotations.DEFAULT_PREFIXES);
  }

  @Test
  void annotationPrefix_bothSpellingsRepeatable_takenOutOfTheCommandsArguments() {
    List<String> rest = Main.annotationPrefixes(List.of("check", "--annotation-prefix", "a.example/",
        "--policy", "p.yaml", "--annotation-prefix=b.example/"), Map.of());

    assertThat(rest).containsExactly("check", "--policy", "p.yaml");
    assertThat(ExternalDnsAnnotations.prefixes()).containsExactly("a.example/", "b.example/");
  }

  @Test
  void annotationPrefix_fromTheEnvironment_whenNotGiven() {
    Main.annotationPrefixes(List.of("run"), Map.of("DNSGUARD_ANNOTATION_PREFIX", "a.example/, b.example/"));

    assertThat(ExternalDnsAnnotations.prefixes()).containsExactly("a.example/", "b.example/");
  }

  @Test
  void annotationPrefix_none_keepsBothExternalDnsPrefixes() {
    Main.annotationPrefixes(List.of("run"), Map.of());

    assertThat(ExternalDnsAnnotations.prefixes()).isEqualTo(ExternalDnsAnnotations.DEFAULT_PREFIXES);
  }

  @Test
  void annotationPrefix_invalidOrMissingValue_usageErrorNamingIt() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    int exit = Main.run(List.of("check", "--annotation-prefix", "no-slash"), Map.of(), System.out, errStream);
    int missing = Main.run(List.of("check", "--annotation-prefix"), Map.of(), System.out, errStream);

    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(missing).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("\"no-slash\"").contains("--annotation-prefix needs a value");
    assertThat(ExternalDnsAnnotations.prefixes()).isEqualTo(ExternalDnsAnnotations.DEFAULT_PREFIXES);
  }
}
