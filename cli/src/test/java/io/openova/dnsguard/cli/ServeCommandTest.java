package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code dnsguard serve}'s options for race-free admission, refused before anything starts. */
class ServeCommandTest {

  private record Run(int exit, String err) {}

  private static Run serve(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ServeCommand.COMMAND.run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void claimsMode_unknown_isAUsageErrorListingTheModes() {
    Run run = serve("--policy-file", "policy.yaml", "--claims-mode", "elected");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--claims-mode \"elected\" is not one of [reservations, leader, local]");
  }

  @Test
  void claimsModeLeader_bindingEveryAddressWithoutAnAdvertisedOne_isAUsageError() {
    assertThat(System.getenv("POD_IP")).as("this test runs outside a pod").isNull();

    Run run = serve("--policy-file", "policy.yaml", "--claims-mode", "leader", "--bind", "0.0.0.0");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--claims-mode leader needs --advertise-address (or POD_IP) when binding every address");
  }

  @Test
  void usage_namesTheClaimsModes() {
    assertThat(ServeCommand.USAGE).contains("--claims-mode reservations|leader|local", "--leader-failure-policy fail|ignore");
  }
}
