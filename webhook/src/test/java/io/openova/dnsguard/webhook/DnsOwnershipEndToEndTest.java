package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;
import io.openova.dnsguard.provider.support.Secret;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS side of admission, end to end: a real API server asks the webhook, which reads the
 * external-dns TXT registry of a real PowerDNS zone through the provider's read side.
 */
@RealKubeApiServer
@RealPowerDns
class DnsOwnershipEndToEndTest {
  private static final String WEBHOOK = "dnsguard-dns-e2e";
  private static final String NAMESPACE = "dns-team";

  private static KubernetesClient client;
  private static PowerDnsServer pdns;
  private static RegisteredWebhook webhook;
  private static final WebhookMetrics METRICS = new WebhookMetrics();

  @BeforeAll
  static void start(KubernetesClient kube, PowerDnsServer server, @TempDir Path dir) throws Exception {
    client = kube;
    pdns = server;
    pdns.createZone("example.net");
    var seeded = pdns.api("PATCH", "/api/v1/servers/localhost/zones/example.net.", """
        {"rrsets": [
          {"name": "taken.example.net.", "type": "A", "ttl": 300, "changetype": "REPLACE",
           "records": [{"content": "198.51.100.7", "disabled": false}]},
          {"name": "_externaldns.a-taken.example.net.", "type": "TXT", "ttl": 300, "changetype": "REPLACE",
           "records": [{"content": "\\"heritage=external-dns,external-dns/owner=region-2,external-dns/resource=ingress/shop/web\\"", "disabled": false}]},
          {"name": "manual.example.net.", "type": "A", "ttl": 300, "changetype": "REPLACE",
           "records": [{"content": "198.51.100.8", "disabled": false}]},
          {"name": "mine.example.net.", "type": "A", "ttl": 300, "changetype": "REPLACE",
           "records": [{"content": "198.51.100.9", "disabled": false}]},
          {"name": "_externaldns.mine.example.net.", "type": "TXT", "ttl": 300, "changetype": "REPLACE",
           "records": [{"content": "\\"heritage=external-dns,external-dns/owner=dns-e2e,external-dns/resource=httproute/dns-team/old\\"", "disabled": false}]}
        ]}""");
    assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(204);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
        .addToLabels(WEBHOOK, "yes").endMetadata().build()).create();

    Path policyFile = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: dns-e2e}
        spec:
          ownerId: dns-e2e
          txtPrefix: "_externaldns."
          domains:
            - suffix: example.net
              namespaces: [dns-team]
        """);
    PolicyEvaluator evaluator = new PolicyEvaluator(PolicyLoader.load(policyFile));
    PowerDnsProvider provider = PowerDnsProvider.create(
        PowerDnsConfig.of(pdns.apiUrl(), Secret.fromEnv(Map.of("KEY", pdns.apiKey()), "KEY")));
    ProviderDnsView view = new ProviderDnsView(provider, () -> evaluator, TxtRecordCodec.plain(), Clock.systemUTC());
    METRICS.dnsCache(view);
    webhook = new RegisteredWebhook(client, WEBHOOK,
        new PolicyReviewer(() -> evaluator, new ClaimIndex(), view, DnsFailurePolicy.FAIL));
    webhook.awaitActive(NAMESPACE, "probe.not-managed.org");
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  private static HTTPRoute route(String name, String hostname) {
    return new HTTPRouteBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withNewSpec().withHostnames(hostname).endSpec().build();
  }

  private static String refusal(HTTPRoute route) {
    try {
      client.resource(route).create();
    } catch (KubernetesClientException e) {
      return e.getMessage();
    }
    throw new AssertionError(route.getSpec().getHostnames() + " was admitted");
  }

  @Test
  void nameOwnedByAnotherTxtOwner_isRejectedNamingTheOwnerAndRecord() {
    assertThat(refusal(route("steal", "taken.example.net")))
        .contains("hostname \"taken.example.net\" is owned by external-dns owner \"region-2\"")
        .contains("_externaldns.a-taken.example.net");
  }

  @Test
  void nameWithRecordsButNoOwnershipRecord_isRejected() {
    assertThat(refusal(route("adopt", "manual.example.net"))).contains("manual.example.net");
  }

  @Test
  void nameOwnedByUsInTheOldFormat_andFreeName_areAdmitted() {
    client.resource(route("ours", "mine.example.net")).create();
    client.resource(route("fresh", "fresh.example.net")).create();
    assertThat(client.resources(HTTPRoute.class).inNamespace(NAMESPACE).withName("ours").get()).isNotNull();
  }

  @Test
  void metrics_countZoneLoadsAndCacheHits() {
    refusal(route("count-1", "taken.example.net"));
    refusal(route("count-2", "taken.example.net"));
    String scrape = METRICS.scrape();
    assertThat(scrape).containsPattern("dnsguard_webhook_dns_provider_loads_total [1-9]");
    assertThat(scrape).containsPattern("dnsguard_webhook_dns_cache_hits_total [1-9]");
  }

  @Test
  void providerDown_decidesFromTheCachedZone() {
    refusal(route("warm", "taken.example.net")); // the zone is in the cache now
    pdns.stop();
    try {
      assertThat(refusal(route("steal-while-down", "taken.example.net"))).contains("region-2");
    } finally {
      pdns.restart();
    }
  }
}
