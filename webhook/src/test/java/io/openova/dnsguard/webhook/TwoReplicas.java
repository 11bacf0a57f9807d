package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.testbench.KubeApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two {@code dnsguard serve} processes against one real API server, as the chart's two replicas.
 * A Service cannot route on loopback, so each replica gets its own ValidatingWebhookConfiguration,
 * selecting the namespaces labelled {@code <prefix>-replica=1} or {@code =2}. Two teams racing
 * for one name from namespaces of different replicas is the case a Service produces when it
 * sends the two reviews to different pods — the one pending claims inside a replica cannot see —
 * and it happens here on every attempt, not by chance; namespaces of the same replica cover the
 * other case.
 */
final class TwoReplicas implements AutoCloseable {
  private final KubernetesClient client;
  private final String prefix;
  private final List<ServeProcess> replicas = new ArrayList<>();

  /**
   * @param policyFile the DNSPolicy both replicas load
   * @param extraArgs e.g. {@code --reservation-expiry 5s}
   */
  TwoReplicas(KubeApiServer kube, Path dir, String prefix, Path policyFile, List<String> extraArgs) throws Exception {
    this(kube, dir, prefix, policyFile, extraArgs, false);
  }

  /**
   * @param oneCertificate both replicas serve the certificate of one Secret, as the chart's do
   *     (leader mode: a follower trusts the leader by that Secret's CA)
   */
  TwoReplicas(KubeApiServer kube, Path dir, String prefix, Path policyFile, List<String> extraArgs,
      boolean oneCertificate) throws Exception {
    this.client = kube.client();
    this.prefix = prefix;
    String home = prefix + "-dnsguard";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(home).endMetadata().build())
        .serverSideApply();
    for (int replica = 1; replica <= 2; replica++) {
      String config = prefix + "-replica-" + replica;
      List<String> args = new ArrayList<>(List.of("--policy-file", policyFile.toString(),
          "--certs", "self-managed", "--tls-secret", home + "/" + (oneCertificate ? prefix : config) + "-tls",
          "--service", "dnsguard-webhook", "--namespace", home, "--webhook-config", config,
          "--ip", "127.0.0.1", "--cache-sync-timeout", "60s"));
      args.addAll(extraArgs);
      ServeProcess serve = new ServeProcess(kube, dir.resolve(config), args);
      replicas.add(serve);
      // No caBundle: each serve process injects its self-managed CA into its own configuration.
      client.resource(WebhookRegistration.forUrl(config, "https://127.0.0.1:" + serve.tlsPort() + "/validate", null,
          new LabelSelectorBuilder().addToMatchLabels(prefix + "-replica", Integer.toString(replica)).build(),
          "Fail", 10)).create();
    }
    for (ServeProcess serve : replicas) {
      serve.start(Duration.ofSeconds(120));
    }
  }

  /**
   * Creates {@code namespace}, served by {@code replica} (1 or 2), with a Gateway {@code gw} whose one
   * listener has no hostname and admits the namespace's routes: a route's names are its own.
   */
  void namespace(String namespace, int replica) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
        .addToLabels(prefix + "-replica", Integer.toString(replica)).endMetadata().build()).create();
    try {
      client.resource(new GatewayBuilder().withNewMetadata().withName("gw").withNamespace(namespace).endMetadata()
          .withNewSpec().withGatewayClassName("test").addNewListener().withName("http").withPort(80).withProtocol("HTTP")
          .endListener().endSpec().build()).create();
    } catch (KubernetesClientException e) { // reviewed by the replica: say how it is
      throw new AssertionError("Gateway gw in " + namespace + " (replica " + replica + ": "
          + replicas.get(replica - 1).state() + ")", e);
    }
  }

  ServeProcess replica(int replica) {
    return replicas.get(replica - 1);
  }

  /** Waits until both configurations bite: a name outside every domain is refused in each namespace. */
  void awaitActive(List<String> namespaces) throws InterruptedException {
    for (String namespace : namespaces) {
      HTTPRoute probe = route(namespace, "probe", "probe.not-managed.org");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          client.resource(probe).create();
          client.resource(probe).delete();
        } catch (KubernetesClientException e) {
          if (e.getMessage().contains("probe.not-managed.org")) {
            break;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the webhook for " + namespace + " never became active");
        }
        Thread.sleep(200);
      }
    }
  }

  static HTTPRoute route(String namespace, String name, String... hostnames) {
    return new HTTPRouteBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().addNewParentRef().withName("gw").endParentRef().withHostnames(hostnames).endSpec().build();
  }

  /** A client with its own connections, as a separate team's kubectl would have. */
  static KubernetesClient ownClient(KubeApiServer kube) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kube.kubeconfig())).build();
  }

  @Override
  public void close() throws InterruptedException {
    for (int replica = 1; replica <= replicas.size(); replica++) {
      client.admissionRegistration().v1().validatingWebhookConfigurations().withName(prefix + "-replica-" + replica)
          .delete();
      replicas.get(replica - 1).close();
    }
  }
}
