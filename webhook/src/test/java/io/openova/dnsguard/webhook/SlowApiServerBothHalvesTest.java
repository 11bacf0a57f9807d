package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.openova.dnsguard.reconciler.process.RunProcess;
import io.openova.dnsguard.reconciler.process.SlowListProxy;
import io.openova.dnsguard.reconciler.process.SlowListProxy.Kind;
import io.openova.dnsguard.reconciler.process.SlowListProxy.Slowness;
import io.openova.dnsguard.kube.PolicySource;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.HelmChart;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.testbench.junit.RealPowerDns;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow API server, harder than the seed's cold start ({@code SlowApiServerTest}): both halves,
 * {@code dnsguard serve} and {@code dnsguard run}, as separate processes with the chart's
 * arguments, behind a {@link SlowListProxy}, probed the way the kubelet probes them with the
 * probes {@code helm template} renders from the chart ({@link KubeletProbes}). Two API servers at
 * once, each in front of the suite's kube-apiserver:
 *
 * <ul>
 *   <li><b>slow for ever</b>: every LIST and every WATCH is answered 90 s after it was sent, for
 *       ever, and the proxy ends each watch a minute after it started, so watches keep being
 *       re-established, each slowly. A fabric8 informer has synced when its first LIST answered and
 *       its first WATCH started (at least 2 × 90 s: fabric8 8's start future waits for the watch);
 *       from then on its cache is complete and only stale for the length of a re-watch. So
 *       "ready" means: every informer synced once. Both halves become ready then and stay ready
 *       while later watches are slow. A held watch must stay under the client's request time-out
 *       (2 min, {@code Timeouts.KUBE_REQUEST}), which fabric8 also uses as the WebSocket
 *       handshake's time-out (fabric8's own default, 10 s, would time out every held watch).
 *   <li><b>first LIST takes 5 minutes</b>: every LIST sent in the first 5 minutes is answered at the
 *       5-minute mark (single-object reads and watches pass). Our client gives one request 2 min
 *       ({@code Timeouts.KUBE_REQUEST}) and lists again with back-off, so the list that completes is
 *       the one waiting at the mark.
 * </ul>
 *
 * <p>For each half: alive and live throughout, not ready while the lists are held, then ready, and
 * not one restart the kubelet would have made (startup probe: 60 × 10 s; liveness: 3 × 30 s after
 * 180 s). Then the caches are shown to be real: the reconciler publishes the DNSEndpoint's name and
 * the webhook denies a Service claiming it from another namespace.
 *
 * <p>The durations are the by default (one run costs about 9 minutes on the loaded 2-core
 * machine, both scenarios side by side); {@code -Ddnsguard.slow.each=20s -Ddnsguard.slow.firstList=60s} shortens them
 * for a local run.
 */
@RealKubeApiServer
@RealPowerDns
class SlowApiServerBothHalvesTest {
  private static final Duration EACH = Duration.parse("PT" + System.getProperty("dnsguard.slow.each", "90s").toUpperCase());
  private static final Duration FIRST_LIST =
      Duration.parse("PT" + System.getProperty("dnsguard.slow.firstList", "300s").toUpperCase());
  /** An API server ends a watch after its time-out; the proxy does it sooner so re-watches happen in the test. */
  private static final Duration WATCH_LIFETIME = Duration.ofSeconds(60);

  @Test
  void listsAndWatchesSlowForEver_andFirstListFiveMinutes_bothHalvesLiveNotReadyThenReady_noRestart(
      KubeApiServer kube, PowerDnsServer pdns, @TempDir Path dir) throws Exception {
    Map<String, Container> chart = chartContainers(kube.client());
    List<Scenario> scenarios = List.of(
        new Scenario("slow-forever", Slowness.listsAndWatchesEach(EACH).withWatchesEndedAfter(WATCH_LIFETIME),
            EACH.plus(WATCH_LIFETIME).plusSeconds(30)),
        new Scenario("slow-firstlist", Slowness.listsUntil(FIRST_LIST), Duration.ofSeconds(70)));
    try (ExecutorService both = Executors.newFixedThreadPool(scenarios.size())) {
      List<Future<String>> results = new ArrayList<>();
      for (Scenario scenario : scenarios) {
        results.add(both.submit(() -> scenario.run(kube, pdns, dir.resolve(scenario.name), chart)));
      }
      AssertionError failed = null;
      for (Future<String> result : results) {
        try {
          System.out.println(result.get());
        } catch (java.util.concurrent.ExecutionException e) {
          AssertionError error = e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
          if (failed == null) {
            failed = error;
          } else {
            failed.addSuppressed(error);
          }
        }
      }
      if (failed != null) {
        throw failed;
      }
    }
  }

  /** The webhook's and the reconciler's containers as the chart renders them with its defaults. */
  private static Map<String, Container> chartContainers(KubernetesClient client) {
    String manifests = new HelmChart(Path.of("../chart"), io.openova.dnsguard.testbench.Testbin.locate().kubernetesVersion())
        .template("slow", "slow", Map.of(), List.of());
    List<HasMetadata> objects = client.load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items();
    Map<String, Container> containers = new java.util.HashMap<>();
    for (HasMetadata object : objects) {
      if (object instanceof Deployment deployment) {
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        containers.put(deployment.getMetadata().getName().replace("slow-dnsguard-", ""), container);
      }
    }
    assertThat(containers).containsKeys("webhook", "reconciler");
    return containers;
  }

  private record Scenario(String name, Slowness slowness, Duration observe) {

    String run(KubeApiServer kube, PowerDnsServer pdns, Path dir, Map<String, Container> chart) throws Exception {
      KubernetesClient client = kube.client();
      String zone = name + ".test";
      pdns.createZone(zone);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
      client.genericKubernetesResources(SourceInformers.DNS_ENDPOINT).inNamespace(name).resource(
          new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
              .withNewMetadata().withName("app").withNamespace(name).endMetadata()
              .withAdditionalProperties(Map.of("spec", Map.of("endpoints", List.of(
                  Map.of("dnsName", "app." + zone, "recordType", "A", "targets", List.of("192.0.2.81")))))).build())
          .create();
      // The chart's way: a cluster DNSPolicy named by --policy-name (its informer's list is held too).
      client.genericKubernetesResources(PolicySource.DNS_POLICY).resource(Serialization.unmarshal("""
          apiVersion: dnsguard.openova.io/v1alpha1
          kind: DNSPolicy
          metadata: {name: %s}
          spec:
            ownerId: %s
            unmanagedDomains: deny
            domains:
              - suffix: %s
                namespaces: [%s, intruder]
          """.formatted(name, name, zone, name), GenericKubernetesResource.class)).create();

      long started = System.nanoTime();
      try (SlowListProxy proxy = new SlowListProxy(kube.kubeconfig(), slowness);
          ServeProcess serve = new ServeProcess(proxy.kubeconfig(), dir.resolve("serve"), List.of(
              "--policy-name", name, "--certs", "self-managed", "--tls-secret", name + "/serve-tls",
              "--service", "dnsguard-webhook", "--namespace", name, "--ip", "127.0.0.1",
              "--cache-sync-timeout", "10m", "--dns-failure-policy", "fail", "--claims-mode", "reservations")).launch();
          KubeletProbes serveKubelet = new KubeletProbes(name + "/serve", serve.httpPort(), chart.get("webhook"));
          RunProcess run = RunProcess.start(dir.resolve("run"), "run", proxy.kubeconfig(), pdns,
              Map.of("POD_NAMESPACE", name), List.of("--policy-name", name, "--cache-sync-timeout", "10m",
                  "--leader-election-namespace", name, "--interval", "1m"));
          KubeletProbes runKubelet = new KubeletProbes(name + "/run", run.httpPort, chart.get("reconciler"))) {
        Half[] halves = {
            new Half("serve", serve::alive, serve::logTail, path -> probe(serve.httpPort(), path), serveKubelet),
            new Half("run", run::alive, run::logTail, run::probe, runKubelet)};

        // Held: alive and live, never ready before a held list has been answered.
        Duration startupBudget = startupBudget(chart.get("webhook"));
        while (!(serveKubelet.ready() && runKubelet.ready())) {
          assertThat(System.nanoTime() - started).as("%s: both halves ready within the startup probe's %s; kubelet "
              + "readiness serve %s, run %s", name, startupBudget, serveKubelet.readiness(), runKubelet.readiness())
              .isLessThan(startupBudget.plusMinutes(1).toNanos());
          for (Half half : halves) {
            half.checkAlive(name);
            int ready = half.probe.status("/readyz");
            if (ready == 200) {
              assertThat(proxy.released.get(Kind.LIST).get())
                  .as("%s/%s ready only after a held list was answered", name, half.name).isPositive();
            }
          }
          Thread.sleep(1_000);
        }
        Duration toReady = Duration.ofNanos(System.nanoTime() - started);
        assertThat(proxy.held.get(Kind.LIST).get()).as("%s: lists held", name).isPositive();

        // Ready: stays ready (the kubelet's view never turns false), also while watches are slow; and
        // long enough for the liveness probe (after its initial delay) to have run a few times.
        int watchesHeldAtReady = proxy.held.get(Kind.WATCH).get();
        long observeUntil = System.nanoTime() + observe.toNanos();
        while (System.nanoTime() < observeUntil
            || serveKubelet.livenessProbes() < 2 || runKubelet.livenessProbes() < 2) {
          for (Half half : halves) {
            half.checkAlive(name);
            assertThat(half.kubelet.ready()).as("%s/%s stays ready; kubelet readiness %s", name, half.name,
                half.kubelet.readiness()).isTrue();
          }
          Thread.sleep(1_000);
        }
        if (slowness.kinds().contains(Kind.WATCH)) {
          assertThat(proxy.watchesEnded.get()).as("%s: watches ended by the API server", name).isPositive();
          assertThat(proxy.held.get(Kind.WATCH).get()).as("%s: slow re-watches while ready", name)
              .isGreaterThan(watchesHeldAtReady);
        }

        // The caches are real: the reconciler published the name, the webhook knows who claims it.
        DnsQuery dns = new DnsQuery(pdns.dnsPort());
        await(Duration.ofMinutes(3), name + ": app." + zone + " served",
            () -> dns.answers("app." + zone, "A").equals(List.of("192.0.2.81")), run::logTail);
        String denial = review(client, name, serve.tlsPort(), zone);
        assertThat(denial).as("%s: the webhook's review of a Service claiming app.%s from another namespace", name, zone)
            .contains("\"allowed\":false").contains(name + "/app");

        for (Half half : halves) {
          half.checkAlive(name);
          assertThat(half.kubelet.restarts()).as("%s/%s: restarts the kubelet would have made", name, half.name).isEmpty();
          assertThat(half.kubelet.livenessProbes()).as("%s/%s: liveness probed", name, half.name).isGreaterThanOrEqualTo(2);
        }
        return "%s: both halves ready after %d s (kubelet: serve %s, run %s), no restart; held %s, released %s, watches ended %d"
            .formatted(name, toReady.toSeconds(), serveKubelet.readiness(), runKubelet.readiness(), proxy.held,
                proxy.released, proxy.watchesEnded.get());
      }
    }
  }

  /** How long the startup probe lets a container start before the kubelet restarts it. */
  private static Duration startupBudget(Container container) {
    return Duration.ofSeconds((long) container.getStartupProbe().getPeriodSeconds()
        * container.getStartupProbe().getFailureThreshold());
  }

  interface Probe {
    int status(String path);
  }

  private record Half(String name, BooleanSupplier alive, java.util.function.Supplier<String> log, Probe probe,
      KubeletProbes kubelet) {
    void checkAlive(String scenario) {
      assertThat(alive.getAsBoolean()).as("%s/%s is alive; log:\n%s", scenario, name, log.get()).isTrue();
      int live = probe.status("/healthz");
      if (live != -1) { // -1: not listening yet in its first seconds
        assertThat(live).as("%s/%s liveness", scenario, name).isEqualTo(200);
      }
      assertThat(kubelet.restarts()).as("%s/%s: restarts the kubelet would make", scenario, name).isEmpty();
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static int probe(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A Service in namespace {@code intruder} claiming the DNSEndpoint's name, reviewed over TLS. */
  private static String review(KubernetesClient client, String namespace, int tlsPort, String zone) throws Exception {
    Secret secret = client.secrets().inNamespace(namespace).withName("serve-tls").get();
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(secret.getData().get("ca.crt")))));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext tls = SSLContext.getInstance("TLSv1.3");
    tls.init(null, trust.getTrustManagers(), null);
    String body = """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "u-slow", "kind": {"group": "", "version": "v1", "kind": "Service"},
           "resource": {"group": "", "version": "v1", "resource": "services"},
           "namespace": "intruder", "name": "steal", "operation": "CREATE",
           "object": {"apiVersion": "v1", "kind": "Service",
             "metadata": {"name": "steal", "namespace": "intruder",
               "annotations": {"external-dns.alpha.kubernetes.io/hostname": "app.%s"}},
             "spec": {"type": "LoadBalancer", "ports": [{"port": 80}]}}}}""".formatted(zone);
    try (HttpClient https = HttpClient.newBuilder().sslContext(tls).build()) {
      return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tlsPort + "/validate"))
          .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  private static void await(Duration timeout, String what, BooleanSupplier condition,
      java.util.function.Supplier<String> seen) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what + "\n" + seen.get());
      }
      Thread.sleep(500);
    }
  }
}
