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
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Records that are not ours — another owner id's, ones without any ownership TXT, PowerDNS LUA
 * records — share the zone with ours and come out of many syncs byte for byte as they went in
 * (compared as the PowerDNS API returns them), while routes are created, retargeted and deleted
 * at random, some of them wanting exactly those foreign names.
 */
@RealKubeApiServer
@RealPowerDns
class ForeignRecordsTest {
  private static final String ZONE = "e2e-foreign.test";
  private static final Duration SOON = Duration.ofSeconds(30);

  @Test
  void randomChurn_manySyncs_foreignRecordsUntouchedByteForByte(KubernetesClient client, PowerDnsServer pdns) {
    long seed = Long.getLong("dnsguard.seed", System.nanoTime());
    Random random = new Random(seed);
    Cluster cluster = new Cluster(client, "e2e-foreign");
    Dns dns = new Dns(pdns, ZONE);
    List<String> foreignNames = seedForeign(dns, random);
    Map<String, String> foreignBefore = foreignRrsets(dns);
    assertThat(foreignBefore).as("seeded foreign rrsets").hasSizeGreaterThan(foreignNames.size());

    cluster.gateway("gw", "192.0.2.10");
    Map<String, HTTPRoute> routes = new HashMap<>();
    Map<String, String> expected = new HashMap<>(); // our name -> A target
    try (InProcessReconciler reconciler = new InProcessReconciler(client,
        InProcessReconciler.policy("us", ZONE, cluster.namespace), Dns.provider(pdns),
        DomainFilter.of(List.of(ZONE)), SyncMode.SYNC, Duration.ofMillis(200), List.of())) {
      for (int round = 0; round < 12; round++) {
        int before = reconciler.syncs.get();
        for (int change = 0; change < 4; change++) {
          String name = random.nextInt(4) == 0
              ? foreignNames.get(random.nextInt(foreignNames.size())) // a route that wants a foreign name
              : "ours-" + random.nextInt(12) + "." + ZONE;
          String routeName = name.replace('.', '-');
          HTTPRoute existing = routes.get(routeName);
          String target = "192.0.2." + (20 + random.nextInt(200));
          if (existing == null) {
            routes.put(routeName, cluster.route(routeName, "gw", Map.of("external-dns.kubernetes.io/target", target), name));
            expected.put(name, target);
          } else if (random.nextBoolean()) {
            cluster.annotateRoute(routeName, Map.of("external-dns.kubernetes.io/target", target));
            expected.put(name, target);
          } else {
            cluster.delete(existing);
            routes.remove(routeName);
            expected.remove(name);
            Await.until(SOON, "route " + routeName + " gone", () -> client.resources(HTTPRoute.class)
                .inNamespace(cluster.namespace).withName(routeName).get() == null);
          }
        }
        Await.until(SOON, "a sync after round " + round + " (seed " + seed + ")", () -> reconciler.syncs.get() > before);
        assertThat(foreignRrsets(dns)).as("foreign rrsets after round %d (seed %d)", round, seed).isEqualTo(foreignBefore);
      }
      Await.until(SOON, "our names converge (seed " + seed + ")", () -> ours(dns, expected).equals(expectedAnswers(expected)),
          () -> ours(dns, expected));
      assertThat(foreignRrsets(dns)).as("foreign rrsets at the end (seed %d)", seed).isEqualTo(foreignBefore);
      for (String name : foreignNames) {
        assertThat(expected.containsKey(name) ? dns.answers(name, "A") : List.of())
            .as("a foreign name is never answered with our target").doesNotContain(expected.getOrDefault(name, "-"));
      }
    }
  }

  /** Another owner's records with their TXT, records without TXT, LUA records; returns the endpoint names. */
  private static List<String> seedForeign(Dns dns, Random random) {
    List<String> names = new ArrayList<>();
    StringJoiner rrsets = new StringJoiner(",", "[", "]");
    for (int i = 0; i < 6; i++) {
      String name = "other-" + i + "." + ZONE;
      names.add(name);
      rrsets.add(rrset(name, "A", "192.0.2." + (1 + random.nextInt(9))));
      rrsets.add(rrset("_externaldns.a-" + name, "TXT",
          "\\\"heritage=external-dns,external-dns/owner=someone-else,external-dns/resource=service/x/s" + i + "\\\""));
    }
    for (int i = 0; i < 6; i++) {
      String name = "manual-" + i + "." + ZONE;
      names.add(name);
      rrsets.add(switch (random.nextInt(3)) {
        case 0 -> rrset(name, "A", "198.51.100." + (1 + random.nextInt(9)));
        case 1 -> rrset(name, "CNAME", "elsewhere.example.net.");
        default -> rrset(name, "TXT", "\\\"v=spf1 -all\\\"");
      });
    }
    for (int i = 0; i < 3; i++) {
      String name = "geo-" + i + "." + ZONE;
      names.add(name);
      rrsets.add(rrset(name, "LUA", "A \\\"ifurlup('http://192.0.2.1/', {'192.0.2.1', '192.0.2.2'})\\\""));
    }
    dns.patch(rrsets.toString());
    return names;
  }

  private static String rrset(String name, String type, String content) {
    return "{\"name\":\"" + name + ".\",\"type\":\"" + type + "\",\"ttl\":" + (60 + name.length())
        + ",\"changetype\":\"REPLACE\",\"records\":[{\"content\":\"" + content + "\",\"disabled\":false}]}";
  }

  private static Map<String, String> foreignRrsets(Dns dns) {
    Map<String, String> foreign = new HashMap<>(dns.rawRrsets());
    foreign.keySet().removeIf(key -> key.startsWith("ours-") || key.contains(".a-ours-") || key.startsWith(ZONE));
    return foreign;
  }

  private static Map<String, List<String>> ours(Dns dns, Map<String, String> expected) {
    Map<String, List<String>> seen = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      String name = "ours-" + i + "." + ZONE;
      seen.put(name, dns.answers(name, "A"));
    }
    return seen;
  }

  private static Map<String, List<String>> expectedAnswers(Map<String, String> expected) {
    Map<String, List<String>> answers = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      String name = "ours-" + i + "." + ZONE;
      answers.put(name, expected.containsKey(name) ? List.of(expected.get(name)) : List.of());
    }
    return answers;
  }
}
