package io.openova.dnsguard.testbench;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver + etcd pair on loopback (envtest style), with the Gateway API CRDs,
 * external-dns's DNSEndpoint CRD and any extra CRDs installed and established before {@link #start} returns.
 *
 * <p>Started through fabric8 kube-api-test in offline mode over the binaries that
 * {@code tools/testbin/build.sh} builds; this class only adds what the project needs on top.
 */
public final class KubeApiServer implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

  private final KubeAPIServer server;
  private final Testbin testbin;
  // Set by start() before the object escapes it.
  @SuppressWarnings("NullAway.Init") private KubernetesClient client;
  @SuppressWarnings("NullAway.Init") private String kubeconfig;

  private KubeApiServer(Testbin testbin, List<String> extraFlags) {
    this.testbin = testbin;
    List<String> flags = new ArrayList<>(List.of(
        // Loopback only: nothing here may listen on or talk to other addresses.
        "--bind-address", "127.0.0.1",
        "--advertise-address", "127.0.0.1"));
    flags.addAll(extraFlags);
    this.server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(testbin.kubeApiTestDir().toString())
        .withApiServerVersion(testbin.kubernetesVersion())
        .withOfflineMode(true)
        .withStartupTimeout((int) STARTUP_TIMEOUT.toMillis())
        .withApiServerFlags(flags)
        .build());
  }

  /** Starts a server and installs the Gateway API CRDs plus {@code extraCrds} (YAML streams). */
  public static KubeApiServer start(List<Path> extraCrds, List<String> extraFlags) {
    KubeApiServer kube = new KubeApiServer(Testbin.locate(), extraFlags);
    try {
      notJustBeforeMidnight();
      kube.server.start();
      kube.kubeconfig = kube.server.getKubeConfigYaml();
      kube.client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(kube.kubeconfig))
          .build();
      List<Path> crds = new ArrayList<>(kube.testbin.gatewayApiCrdFiles());
      crds.add(kube.testbin.externalDnsCrd());
      crds.addAll(extraCrds);
      kube.installCrds(crds);
      return kube;
    } catch (RuntimeException e) {
      kube.close();
      throw e;
    }
  }

  /**
   * kube-api-test's readiness poll compares {@link LocalTime}s: a deadline past midnight reads as
   * earlier than now, so a start in the last {@link #STARTUP_TIMEOUT} before local midnight fails at
   * once ("did not start properly"). Such a start waits until midnight has passed (at most that long).
   */
  private static void notJustBeforeMidnight() {
    Duration toMidnight = Duration.between(LocalTime.now(), LocalTime.MAX).plusNanos(1);
    if (toMidnight.compareTo(STARTUP_TIMEOUT) < 0) {
      try {
        Thread.sleep(toMidnight.plusSeconds(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for midnight to pass", e);
      }
    }
  }

  public static KubeApiServer start() {
    return start(List.of(), List.of());
  }

  public KubernetesClient client() {
    return client;
  }

  /** A kubeconfig (with embedded client certificate) for clients of this server. */
  public String kubeconfig() {
    return kubeconfig;
  }

  public Testbin testbin() {
    return testbin;
  }

  /** Creates CRDs from YAML files and waits until each is established. */
  public void installCrds(List<Path> files) {
    List<CustomResourceDefinition> created = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        client.load(in).items().forEach(item -> {
          if (item instanceof CustomResourceDefinition crd) {
            created.add(client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply());
          }
        });
      } catch (IOException e) {
        throw new MissingPartException("cannot read CRD file " + file + ": " + e.getMessage(), e);
      }
    }
    for (CustomResourceDefinition crd : created) {
      client.apiextensions().v1().customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(KubeApiServer::established, 60, TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    try {
      server.stop();
    } catch (RuntimeException e) {
      // kube-api-test throws from stop() after a failed start; the start failure is what matters.
    }
  }
}
