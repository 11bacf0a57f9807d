package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.testbench.KubeApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Teams creating a route for one name at the same moment, each over its own client, through
 * {@link TwoReplicas}: the races of the race-free admission tests, whatever the claims mode.
 */
final class Contenders {
  private Contenders() {}

  /** One contender's outcome: admitted, or the API server's message. */
  record Outcome(String namespace, boolean admitted, String message) {}

  /** Every team creates a route for {@code host} at once, each over its own client. */
  static List<Outcome> race(List<KubernetesClient> clients, List<String> teams, String host) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(teams.size());
    try {
      List<Future<Outcome>> results = new ArrayList<>();
      for (int i = 0; i < teams.size(); i++) {
        KubernetesClient client = clients.get(i);
        String team = teams.get(i);
        results.add(pool.submit(() -> {
          go.await();
          try {
            client.resource(TwoReplicas.route(team, routeName(host), host)).create();
            return new Outcome(team, true, "");
          } catch (KubernetesClientException e) {
            return new Outcome(team, false, e.getMessage());
          }
        }));
      }
      go.countDown();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> result : results) {
        outcomes.add(result.get(60, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The route for {@code pair-7.race.example} is named {@code pair-7} in every team. */
  static String routeName(String host) {
    return host.substring(0, host.indexOf('.'));
  }

  /** The refusals that name another contender: what a loser of the race is told. */
  static List<String> lostTo(String host, List<Outcome> outcomes, Outcome lost) {
    return outcomes.stream().filter(o -> o != lost).flatMap(o -> Stream.of(
        "is being claimed right now by HTTPRoute " + o.namespace() + "/" + routeName(host)
            + "; try again if that claim does not complete",
        "is already claimed by HTTPRoute " + o.namespace() + "/" + routeName(host))).toList();
  }

  /**
   * Exactly one admitted; each loser refused because of another contender, saying so — never a
   * timeout or other failure. A loser may name a contender that lost in turn (race-c refused by
   * race-a's pending claim in their shared replica, race-a then losing to race-b): that is what
   * "try again if that claim does not complete" is for.
   */
  static void assertOneWinner(String host, List<Outcome> outcomes) {
    assertThat(outcomes.stream().filter(Outcome::admitted)).as("admitted for " + host + ": " + outcomes).hasSize(1);
    for (Outcome lost : outcomes) {
      if (!lost.admitted()) {
        assertThat(lost.message()).as(host).contains("hostname \"" + host + "\"")
            .containsAnyOf(lostTo(host, outcomes, lost).toArray(String[]::new));
      }
    }
  }

  /** {@code rounds} races of {@code teams} for names {@code <label>-<round>.<domain>}, each with one winner. */
  static void races(KubeApiServer kube, String label, String domain, List<String> teams, int rounds) throws Exception {
    List<KubernetesClient> clients = teams.stream().map(t -> TwoReplicas.ownClient(kube)).toList();
    try {
      int inFlight = 0;
      for (int round = 0; round < rounds; round++) {
        String host = label + "-" + round + "." + domain;
        List<Outcome> outcomes = race(clients, teams, host);
        assertOneWinner(host, outcomes);
        inFlight += outcomes.stream().anyMatch(o -> o.message().contains("is being claimed right now")) ? 1 : 0;
      }
      // How many rounds met the other claim still in flight (the window race-free admission closes).
      System.out.printf("%s: %d rounds, %d decided against a claim still in flight%n", label, rounds, inFlight);
    } finally {
      clients.forEach(KubernetesClient::close);
    }
  }
}
