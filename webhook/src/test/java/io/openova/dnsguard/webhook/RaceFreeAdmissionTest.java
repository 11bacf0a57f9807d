package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.policies.ownership.HostnameReservation;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: two (or three) teams create a route for one name at the same moment, through two
 * webhook replicas on a real API server; at most one is admitted, whichever replica decides. The
 * same through {@code kubectl apply --server-side}, with {@code --dry-run=server} mixed in; a
 * create admitted by dnsguard and then refused by a ResourceQuota blocks the name only until the
 * reservation expires; a replica killed and started again keeps the guarantee.
 */
@RealKubeApiServer
class RaceFreeAdmissionTest {
  private static final Duration EXPIRY = Duration.ofSeconds(6);
  private static final String POLICY = """
      apiVersion: dnsguard.openova.io/v1alpha1
      kind: DNSPolicy
      metadata: {name: race}
      spec:
        ownerId: race
        unmanagedDomains: deny
        domains:
          - suffix: race.example
            namespaces: [race-a, race-b, race-c, race-q]
      """;
  /** Which replica decides each team's reviews: a and b always differ, c shares a's replica. */
  private static final Map<String, Integer> REPLICA = Map.of("race-a", 1, "race-b", 2, "race-c", 1, "race-q", 1);

  private static TwoReplicas replicas;
  private static KubeApiServer kube;
  private static Path kubeconfig;

  @BeforeAll
  static void start(KubeApiServer server, @TempDir Path dir) throws Exception {
    kube = server;
    kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kube.kubeconfig());
    Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    replicas = new TwoReplicas(kube, dir, "race", policy, List.of("--reservation-expiry", EXPIRY.toSeconds() + "s"));
    REPLICA.forEach(replicas::namespace);
    replicas.awaitActive(List.copyOf(REPLICA.keySet()));
    // A quota the API server checks after every validating webhook: nothing may be created in race-q.
    ResourceQuota quota = kube.client().resource(new ResourceQuotaBuilder().withNewMetadata().withName("no-routes")
        .withNamespace("race-q").endMetadata().withNewSpec()
        .addToHard("count/httproutes.gateway.networking.k8s.io", new Quantity("0")).endSpec().build()).create();
    // No controller-manager runs here: publish the usage the quota controller would.
    quota.setStatus(new io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder()
        .addToHard("count/httproutes.gateway.networking.k8s.io", new Quantity("0"))
        .addToUsed("count/httproutes.gateway.networking.k8s.io", new Quantity("0")).build());
    kube.client().resource(quota).updateStatus();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    replicas.close();
  }

  private void races(String label, List<String> teams, int rounds) throws Exception {
    Contenders.races(kube, label, "race.example", teams, rounds);
  }

  @Test
  void pairs_fromNamespacesOfDifferentReplicas_neverBothAdmitted() throws Exception {
    races("pair", List.of("race-a", "race-b"), 100);
  }

  @Test
  void triples_acrossAndWithinReplicas_neverMoreThanOneAdmitted() throws Exception {
    races("triple", List.of("race-a", "race-b", "race-c"), 100);
  }

  /**
   * kubectl apply --server-side of the same 100 names from two teams at once (each kubectl walks
   * the list in the same order, so each name is contended), and a third team's --dry-run=server
   * over the same names: the dry run reserves nothing, so it never decides the race.
   */
  @Test
  void kubectlServerSideApply_withDryRunMixedIn_oneNamespacePerName(@TempDir Path dir) throws Exception {
    int names = 100;
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      hosts.add("apply-" + i + ".race.example");
    }
    List<Process> kubectls = new ArrayList<>();
    for (String team : List.of("race-a", "race-b", "race-c")) {
      StringBuilder manifest = new StringBuilder();
      for (int i = 0; i < names; i++) {
        manifest.append("""
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: r%d, namespace: %s}
            spec: {parentRefs: [{name: gw}], hostnames: ["%s"]}
            """.formatted(i, team, hosts.get(i)));
      }
      Path file = Files.writeString(dir.resolve(team + ".yaml"), manifest);
      List<String> command = new ArrayList<>(List.of(kube.testbin().kubectl().toString(), "--kubeconfig",
          kubeconfig.toString(), "apply", "--server-side", "--field-manager", team, "-f", file.toString()));
      if (team.equals("race-c")) {
        command.add("--dry-run=server");
      }
      kubectls.add(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve(team + ".log").toFile()).start());
    }
    for (Process kubectl : kubectls) {
      assertThat(kubectl.waitFor(5, TimeUnit.MINUTES)).isTrue();
    }

    KubernetesClient client = kube.client();
    String logs = Files.readString(dir.resolve("race-a.log")) + Files.readString(dir.resolve("race-b.log"));
    for (int i = 0; i < names; i++) {
      int index = i;
      List<String> owners = List.of("race-a", "race-b", "race-c").stream()
          .filter(team -> client.resources(HTTPRoute.class).inNamespace(team).withName("r" + index).get() != null)
          .toList();
      assertThat(owners).as(hosts.get(i) + "; kubectl said:\n" + logs).hasSize(1).doesNotContain("race-c");
    }
    assertThat(reservations().stream().map(r -> r.claimant().namespace())).doesNotContain("race-c");
    System.out.printf("kubectl: %d names, %d refusals against a claim still in flight%n", names,
        logs.lines().filter(l -> l.contains("is being claimed right now")).count());
    // The dry run never decided anything, and every refusal kubectl printed is the race's, not a timeout.
    assertThat(logs).doesNotContain("HTTPRoute race-c/");
    assertThat(logs.lines().filter(l -> l.startsWith("Error from server"))
        .allMatch(l -> l.contains("is being claimed right now by") || l.contains("is already claimed by")))
        .as(logs).isTrue();
  }

  /**
   * race-q's create passes dnsguard (which reserves the name) and is then refused by the quota:
   * the object never appears. The name stays blocked for the other teams only until the
   * reservation expires; then the next create is admitted at once, through either replica.
   */
  @Test
  void createRefusedLaterInTheChain_blocksTheNameOnlyUntilTheExpiry() throws Exception {
    KubernetesClient client = kube.client();
    String host = "quota.race.example";
    Instant before = Instant.now();
    KubernetesClientException quota = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resource(TwoReplicas.route("race-q", "shop", host)).create());
    assertThat(quota.getMessage()).contains("exceeded quota");
    HostnameReservation reservation = reservations().stream().filter(r -> r.hostname().value().equals(host))
        .findFirst().orElseThrow();
    assertThat(reservation.claimant().namespace()).isEqualTo("race-q");
    assertThat(reservation.expires()).isAfter(before).isBeforeOrEqualTo(Instant.now().plus(EXPIRY));

    KubernetesClientException blocked = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resource(TwoReplicas.route("race-b", "shop", host)).create());
    assertThat(blocked.getMessage()).contains("hostname \"" + host + "\" is being claimed right now by HTTPRoute "
        + "race-q/shop; try again if that claim does not complete");

    // Past the expiry (plus a second of clock granularity), the first attempt is admitted.
    Thread.sleep(Duration.between(Instant.now(), reservation.expires()).plusSeconds(1).toMillis());
    client.resource(TwoReplicas.route("race-b", "shop", host)).create();
    assertThat(reservations().stream().filter(r -> r.hostname().value().equals(host)))
        .singleElement().extracting(r -> r.claimant().namespace()).isEqualTo("race-b");
    // The expired pending claim in replica 1 (race-q's) is gone too; race-b's route now holds it.
    KubernetesClientException taken = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resource(TwoReplicas.route("race-c", "shop", host)).create());
    assertThat(taken.getMessage()).contains("HTTPRoute race-b/shop");
  }

  /** Replica 2 killed with SIGKILL and started again: its pending claims are gone, the reservations are not. */
  @Test
  void restartedReplica_keepsTheGuarantee() throws Exception {
    KubernetesClient client = kube.client();
    client.resource(TwoReplicas.route("race-a", "held", "held.race.example")).create();
    replicas.replica(2).kill();
    replicas.replica(2).start(Duration.ofSeconds(120));

    KubernetesClientException refused = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resource(TwoReplicas.route("race-b", "held", "held.race.example")).create());
    assertThat(refused.getMessage()).contains("HTTPRoute race-a/held");
    races("restarted", List.of("race-a", "race-b"), 30);
  }

  private static List<HostnameReservation> reservations() {
    List<HostnameReservation> found = new ArrayList<>();
    for (GenericKubernetesResource item : kube.client().genericKubernetesResources(Reservations.CONTEXT).list().getItems()) {
      found.add(HostnameReservation.from(item));
    }
    return found;
  }
}
