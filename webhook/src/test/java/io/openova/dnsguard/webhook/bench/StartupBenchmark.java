package io.openova.dnsguard.webhook.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.testbench.KubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Startup to ready of the real {@code dnsguard serve} process (a child JVM) against a real API
 * server already holding 10,000 HTTPRoutes in 100 namespaces: JVM start, informer lists, index
 * build, TLS up. Appends to BENCHMARKS-webhook.md.
 *
 * <p>Run: {@code mvn -q -f webhook/pom.xml test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=$JAVA_HOME/bin/java
 * -Dexec.args="-cp %classpath io.openova.dnsguard.webhook.bench.StartupBenchmark"}
 */
public final class StartupBenchmark {
  private static final int OBJECTS = Integer.getInteger("bench.objects", 10_000);
  private static final int NAMESPACES = 100;

  private StartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (KubeApiServer kube = KubeApiServer.start()) {
      KubernetesClient client = kube.client();
      for (int n = 0; n < NAMESPACES; n++) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-" + n).endMetadata()
            .build()).create();
      }
      long seedStart = System.nanoTime();
      Semaphore inFlight = new Semaphore(32);
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < OBJECTS; i++) {
          int n = i;
          inFlight.acquire();
          pool.submit(() -> {
            try {
              String ns = "team-" + (n % NAMESPACES);
              client.resource(new HTTPRouteBuilder().withNewMetadata().withName("route-" + n).withNamespace(ns)
                  .endMetadata().withNewSpec().withHostnames("host-" + n + "." + ns + ".example.com").endSpec()
                  .build()).create();
            } finally {
              inFlight.release();
            }
            return null;
          });
        }
      }
      double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
      Path dir = Files.createTempDirectory("startup-bench");
      Path policy = Files.writeString(dir.resolve("policy.yaml"), """
          apiVersion: dnsguard.openova.io/v1alpha1
          kind: DNSPolicy
          metadata: {name: bench}
          spec:
            ownerId: bench
            unmanagedDomains: allow
          """);
      Path certs = Files.createDirectories(dir.resolve("certs"));
      io.openova.dnsguard.certs.tls.TlsMaterial material = io.openova.dnsguard.certs.tls.TlsMaterial.of(
          io.openova.dnsguard.certs.x509.CertificateIssuer.create(java.time.Clock.systemUTC())
              .issueAll(io.openova.dnsguard.certs.x509.ServingIdentity.of("dnsguard-webhook", "dnsguard")
                  .withIpAddresses(List.of("127.0.0.1"))));
      Files.writeString(certs.resolve("tls.crt"), material.chainPem());
      Files.writeString(certs.resolve("tls.key"), material.privateKeyPem());
      Files.writeString(certs.resolve("ca.crt"), material.caBundlePem());

      List<Double> seconds = new java.util.ArrayList<>();
      for (int run = 0; run < 3; run++) {
        try (var serve = new io.openova.dnsguard.webhook.ServeProcess(kube, dir.resolve("run-" + run),
            List.of("--policy-file", policy.toString(), "--certs", "files", "--cert-dir", certs.toString()))) {
          long start = System.nanoTime();
          serve.start(Duration.ofMinutes(5));
          seconds.add((System.nanoTime() - start) / 1e9);
        }
      }
      String report = String.format(Locale.ROOT, """

          ## Webhook startup to ready with %,d existing HTTPRoutes

          Command: `mvn -q -f webhook/pom.xml test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="-cp %%classpath io.openova.dnsguard.webhook.bench.StartupBenchmark"`
          (a real kube-apiserver seeded with %,d HTTPRoutes in %d namespaces in %.1f s; then `dnsguard serve` started
          as a child JVM three times, timed from process start to the first 200 from /readyz).

          Startup to ready: %s s (best %.2f s).
          """, OBJECTS, OBJECTS, NAMESPACES, seedSeconds,
          seconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList(),
          seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
      System.out.println(report);
      Files.writeString(Path.of("BENCHMARKS-webhook.md"), report,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
  }
}
