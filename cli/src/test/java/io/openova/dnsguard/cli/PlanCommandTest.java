package io.openova.dnsguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code dnsguard plan} against a real cluster and PowerDNS: prints the changes, writes nothing. */
@RealKubeApiServer
@RealPowerDns
class PlanCommandTest {
  private static final String ZONE = "e2e-plan.test";

  @Test
  void plan_oneEndpointAndADeniedOne_printsChangesAndDenialWritesNothing(KubernetesClient client, KubeApiServer kube,
      PowerDnsServer pdns, @TempDir Path dir) throws Exception {
    pdns.createZone(ZONE);
    for (String ns : List.of("e2e-plan", "e2e-plan-other")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
    endpoint(client, "e2e-plan", "web", "web." + ZONE, "192.0.2.7");
    endpoint(client, "e2e-plan-other", "sneaky", "sneaky." + ZONE, "192.0.2.8");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: plan}
        spec:
          ownerId: plan-test
          txtPrefix: "_externaldns."
          unmanagedDomains: deny
          domains:
            - suffix: %s
              namespaces: [e2e-plan]
        """.formatted(ZONE));
    Path key = dir.resolve("key");
    Files.writeString(key, pdns.apiKey());
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, kube.kubeconfig());
    String before = pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null).body();
    List<String> args = List.of("--policy-file", policy.toString(), "--provider", "powerdns",
        "--pdns-url", pdns.apiUrl().toString(), "--pdns-api-key-file", key.toString(), "--domain-filter", ZONE);

    String previous = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    try {
      Result text = plan(args);
      assertThat(text.code()).as(text.err()).isZero();
      assertThat(text.out()).contains("zone " + ZONE + ": 2 changes")
          .contains("CREATE web." + ZONE + " 300 A [192.0.2.7]")
          .contains("CREATE _externaldns.a-web." + ZONE + " 300 TXT")
          .contains("DENIED DNSEndpoint e2e-plan-other/sneaky: namespace \"e2e-plan-other\" may not claim");

      Result json = plan(concat(args, List.of("--output", "json")));
      assertThat(json.code()).as(json.err()).isZero();
      JsonNode root = JsonMapper.builder().build().readTree(json.out());
      assertThat(root.path("zones").get(0).path("changes")).hasSize(2);
      assertThat(root.path("denied").get(0).path("code").asString()).isEqualTo("FORBIDDEN");
    } finally {
      if (previous == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", previous);
      }
    }
    String after = pdns.api("GET", "/api/v1/servers/localhost/zones/" + ZONE + ".", null).body();
    assertThat(after).as("plan writes nothing").isEqualTo(before);
  }

  private record Result(int code, String out, String err) {}

  private static Result plan(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = PlanCommand.COMMAND.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static void endpoint(KubernetesClient client, String ns, String name, String dnsName, String ip) {
    client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(ns).resource(
        new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
            .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("endpoints", List.of(
                Map.of("dnsName", dnsName, "recordType", "A", "targets", List.of(ip)))))).build()).create();
  }
}
