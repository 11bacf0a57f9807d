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

  private record Result(int exit, String out, String err) {}

  private static Result main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void help_listsEveryCommand_exit0_andNoArguments_isAUsageError() {
    for (String help : List.of("help", "--help", "-h")) {
      Result result = main(help);
      assertThat(result.exit()).as(help).isZero();
      assertThat(result.out()).contains("usage: dnsguard <command>")
          .contains("  check ", "  audit ", "  serve ", "  run ", "  provider ", "  plan ", "  up ", "  down ", "  certs ");
    }
    Result none = main();
    assertThat(none.exit()).isEqualTo(Main.USAGE);
    assertThat(none.out()).contains("usage: dnsguard <command>");
  }

  @Test
  void unknownCommand_exit2_namingItAndTheCommands() {
    for (String unknown : List.of("frobnicate", "--frobnicate", "Serve")) {
      Result result = main(unknown, "--policy", "p.yaml");
      assertThat(result.exit()).as(unknown).isEqualTo(Main.USAGE);
      assertThat(result.err()).as(unknown).contains("dnsguard: unknown command \"" + unknown + "\"")
          .contains("check, audit, serve, run, provider, plan, up, down, certs, help");
    }
  }

  @Test
  void helpCommand_printsThatCommandsUsage() {
    Result serve = main("help", "serve");
    assertThat(serve.exit()).isZero();
    assertThat(serve.out()).contains("usage: dnsguard serve").contains("--provider");
    assertThat(main("help", "nope").err()).contains("unknown command \"nope\"");
  }

  @Test
  void aCommandGetsEveryArgumentAfterItsName_asGiven() {
    Result check = main("check", "--policy=missing.yaml", "-f", "a.yaml", "b.yaml");
    assertThat(check.exit()).isEqualTo(Main.USAGE);
    assertThat(check.err()).startsWith("check: invalid policy: missing.yaml");
    Result badOption = main("run", "--frobnicate");
    assertThat(badOption.exit()).isEqualTo(Main.USAGE);
    assertThat(badOption.err()).startsWith("dnsguard run: unknown option --frobnicate").contains("usage: dnsguard run");
  }
}
