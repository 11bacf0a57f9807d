package io.openova.dnsguard.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * PowerDNS goes away for 30 s while routes are created, retargeted and deleted (long enough for the
 * sync back-off to reach its 30 s ceiling).
 * When it is back, everything converges: every change made during the outage is served, nothing
 * deleted remains, and no record set or ownership TXT exists twice.
 */
@RealKubeApiServer
@RealPowerDns
class ProviderOutageTest {
  private static final String ZONE = "e2e-outage.test";

  @Test
  void powerDnsDown30sDuringChanges_afterItReturns_convergesWithNothingLostOrDoubled(
      KubernetesClient client, PowerDnsServer pdns) throws InterruptedException {
    Cluster cluster = new Cluster(client, "e2e-outage");
    Dns dns = new Dns(pdns, ZONE);
    cluster.gateway("gw", "192.0.2.10");
    Map<String, String> expected = new TreeMap<>();
    List<HTTPRoute> routes = new ArrayList<>();
    try (InProcessReconciler reconciler = new InProcessReconciler(client,
        InProcessReconciler.policy("outage", ZONE, cluster.namespace), Dns.provider(pdns),
        DomainFilter.of(List.of(ZONE)), SyncMode.SYNC, Duration.ofMillis(200), List.of())) {
      for (int i = 0; i < 5; i++) {
        routes.add(cluster.route("before-" + i, "gw", Map.of("external-dns.kubernetes.io/target", "192.0.2." + (30 + i)),
            "before-" + i + "." + ZONE));
        expected.put("before-" + i + "." + ZONE, "192.0.2." + (30 + i));
      }
      awaitConverged(dns, expected, reconciler);

      pdns.stop();
      for (int i = 0; i < 10; i++) {
        cluster.route("during-" + i, "gw", Map.of("external-dns.kubernetes.io/target", "192.0.2." + (60 + i)),
            "during-" + i + "." + ZONE);
        expected.put("during-" + i + "." + ZONE, "192.0.2." + (60 + i));
      }
      for (int i = 0; i < 3; i++) {
        cluster.annotateRoute("before-" + i, Map.of("external-dns.kubernetes.io/target", "192.0.2." + (90 + i)));
        expected.put("before-" + i + "." + ZONE, "192.0.2." + (90 + i));
      }
      cluster.delete(routes.get(3));
      cluster.delete(routes.get(4));
      expected.remove("before-3." + ZONE);
      expected.remove("before-4." + ZONE);
      Await.until(Duration.ofSeconds(20), "a sync to fail while PowerDNS is down",
          () -> !reconciler.failures.isEmpty() || reconciler.reports.stream().anyMatch(r -> r.failed()));
      Thread.sleep(30_000); // the outage itself
      pdns.restart();

      awaitConverged(dns, expected, reconciler);
      Map<String, String> raw = dns.rawRrsets();
      assertThat(raw.keySet().stream().filter(k -> k.endsWith(" A")).map(k -> k.substring(0, k.length() - 2)))
          .as("exactly the expected A sets").containsExactlyInAnyOrderElementsOf(
              expected.keySet().stream().map(n -> n + ".").toList());
      assertThat(raw.keySet().stream().filter(k -> k.startsWith("_externaldns.a-")).count())
          .as("one ownership TXT per name").isEqualTo(expected.size());
      for (String key : raw.keySet()) {
        if (!key.endsWith(" NS")) {
          assertThat(raw.get(key)).as(key + " holds one record").containsOnlyOnce("\"content\"");
        }
      }
    }
  }

  private static void awaitConverged(Dns dns, Map<String, String> expected, InProcessReconciler reconciler) {
    Set<String> gone = Set.of("before-3." + ZONE, "before-4." + ZONE);
    Await.until(Duration.ofSeconds(60), "DNS serves exactly " + expected, () -> {
      for (Map.Entry<String, String> e : expected.entrySet()) {
        if (!dns.answers(e.getKey(), "A").equals(List.of(e.getValue()))) {
          return false;
        }
      }
      return gone.stream().filter(n -> !expected.containsKey(n)).allMatch(n -> dns.answers(n, "A").isEmpty());
    }, () -> {
      Map<String, List<String>> seen = new HashMap<>();
      expected.keySet().forEach(n -> seen.put(n, dns.answers(n, "A")));
      return seen + ", failures " + reconciler.failures.size();
    });
  }
}
