package io.openova.dnsguard.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.webhook.ForbiddenArrow;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module arrows of DESIGN.md, checked on the main classes of every module (this module sees
 * them all): a new forbidden import fails the build here, naming the class and the arrow.
 */
class ArchitectureTest {

  private static final String DNSGUARD = "io.openova.dnsguard";
  private static final String RULE_BOOK = DNSGUARD + ".policies..";
  private static final String COMMAND_LINE = DNSGUARD + ".commandline..";
  private static final String PROVIDER_API = DNSGUARD + ".provider..";
  private static final String PROVIDERS = DNSGUARD + ".providers..";
  private static final String KUBE = DNSGUARD + ".kube..";
  private static final String CERTS = DNSGUARD + ".certs..";
  private static final String WEBHOOK = DNSGUARD + ".webhook..";
  private static final String RECONCILER = DNSGUARD + ".reconciler..";
  private static final String CLI = DNSGUARD + ".cli..";
  private static final String TEST_BENCH = DNSGUARD + ".testbench..";

  private static final String KUBE_CLIENT = "io.fabric8.kubernetes.client..";
  private static final String LEADER_ELECTION = "io.fabric8.kubernetes.client.extended.leaderelection..";
  private static final String HTTP_SERVER = "io.helidon..";
  private static final String PICOCLI = "picocli..";
  private static final String[] CLOUD_SDKS = {"software.amazon.awssdk..", "com.google.auth.."};

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)  // main classes, from jars or target/classes
      .importPackages(DNSGUARD);

  private static final ArchRule WEBHOOK_ARROW = noClasses().that().resideInAPackage(WEBHOOK)
      .should().dependOnClassesThat().resideInAnyPackage(
          PROVIDERS, RECONCILER, CLI, TEST_BENCH, LEADER_ELECTION, CLOUD_SDKS[0], CLOUD_SDKS[1])
      .as("the webhook reads ownership through the provider API: no provider implementation, no leader election");

  static Stream<ArchRule> arrows() {
    return Stream.of(
        noClasses().that().resideInAPackage(RULE_BOOK)
            .should().dependOnClassesThat().resideInAnyPackage(
                COMMAND_LINE, PROVIDER_API, PROVIDERS, KUBE, CERTS, WEBHOOK, RECONCILER, CLI, TEST_BENCH,
                KUBE_CLIENT, HTTP_SERVER, PICOCLI, CLOUD_SDKS[0], CLOUD_SDKS[1])
            .as("the rule book is pure: no client, server, provider or command-line code"),
        noClasses().that().resideInAPackage(COMMAND_LINE)
            .should().dependOnClassesThat().resideInAnyPackage(
                PROVIDER_API, PROVIDERS, KUBE, CERTS, WEBHOOK, RECONCILER, CLI, TEST_BENCH, KUBE_CLIENT, HTTP_SERVER)
            .as("the command-line support depends on the rule book only"),
        noClasses().that().resideInAPackage(PROVIDER_API)
            .should().dependOnClassesThat().resideInAnyPackage(
                PROVIDERS, KUBE, CERTS, WEBHOOK, RECONCILER, CLI, TEST_BENCH, KUBE_CLIENT,
                CLOUD_SDKS[0], CLOUD_SDKS[1])
            .as("the provider API depends on the rule book and the command-line support only"),
        noClasses().that().resideInAPackage(PROVIDERS)
            .should().dependOnClassesThat().resideInAnyPackage(
                KUBE, CERTS, WEBHOOK, RECONCILER, CLI, TEST_BENCH, KUBE_CLIENT)
            .as("providers depend on the provider API (and the rule book and command line under it) only"),
        noClasses().that().resideInAPackage(KUBE)
            .should().dependOnClassesThat().resideInAnyPackage(
                COMMAND_LINE, PROVIDER_API, PROVIDERS, CERTS, WEBHOOK, RECONCILER, CLI, TEST_BENCH)
            .as("the Kubernetes plumbing depends on the rule book only"),
        noClasses().that().resideInAPackage(CERTS)
            .should().dependOnClassesThat().resideInAnyPackage(
                RULE_BOOK, COMMAND_LINE, PROVIDER_API, PROVIDERS, KUBE, WEBHOOK, RECONCILER, CLI, TEST_BENCH)
            .as("certs stand alone: no rule book"),
        WEBHOOK_ARROW,
        noClasses().that().resideInAPackage(RECONCILER)
            .should().dependOnClassesThat().resideInAnyPackage(WEBHOOK, PROVIDERS, CLI, TEST_BENCH)
            .as("the reconciler never depends on the webhook, and writes through the provider API"),
        noClasses().that().resideOutsideOfPackage(CLI)
            .should().dependOnClassesThat().resideInAPackage(CLI)
            .as("nothing depends on the command line"),
        noClasses().that().resideOutsideOfPackage(CLI)
            .should().haveSimpleNameEndingWith("Command")
            .as("only cli holds commands: a module exposes an entry (WebhookService, Reconciler, ProviderServer)"
                + " that starts it from parsed options"),
        slices().matching(DNSGUARD + ".(*)..").should().beFreeOfCycles()
            .as("no cycles between the top-level packages"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arrows")
  void holds(ArchRule arrow) {
    arrow.check(MAIN);
  }

  /**
   * The rules can fail: the webhook's arrow, checked on a webhook-package class (test sources, so
   * outside {@link #MAIN}) that builds a PowerDNS provider itself.
   */
  @Test
  void aForbiddenArrowFails() {
    JavaClasses withForbiddenArrow = new ClassFileImporter()
        .importClasses(List.of(ForbiddenArrow.class, PowerDnsProvider.class));
    assertThatThrownBy(() -> WEBHOOK_ARROW.check(withForbiddenArrow))
        .hasMessageContaining(ForbiddenArrow.class.getName())
        .hasMessageContaining(PowerDnsProvider.class.getName());
  }
}
