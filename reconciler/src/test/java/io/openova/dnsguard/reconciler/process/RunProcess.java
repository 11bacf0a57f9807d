package io.openova.dnsguard.reconciler.process;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.JsonLogging;
import io.openova.dnsguard.commandline.KeyStoreRounds;
import io.openova.dnsguard.reconciler.Reconciler;
import io.openova.dnsguard.testbench.FreePorts;
import io.openova.dnsguard.testbench.PowerDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * {@code dnsguard run} in its own JVM (the test classpath, {@link #main} as entry point), its
 * output in a log file; probes and metrics read over HTTP like the kubelet and Prometheus do.
 */
public final class RunProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public final int httpPort = FreePorts.find(false);
  public final Path log;
  private final Process process;

  /** The child's entry point: what {@code ./dnsguard run} does. */
  public static void main(String[] args) {
    KeyStoreRounds.inMemoryOnly();
    JsonLogging.install(Level.INFO);
    try {
      Reconciler.run(Arguments.parse(List.of(args), Reconciler.RUN_OPTIONS, Reconciler.REPEATABLE, Reconciler.RUN_FLAGS)
          .withEnvironment(System.getenv()), System.getenv());
    } catch (Exception e) {
      e.printStackTrace(); // a test reads it in the log
      System.exit(1);
    }
    System.exit(0);
  }

  private RunProcess(Path dir, String name, String kubeconfig, URI pdnsUrl, String pdnsKey, Map<String, String> env,
      List<String> args) {
    try {
      Files.createDirectories(dir);
      Path kubeconfigFile = dir.resolve(name + ".kubeconfig");
      Files.writeString(kubeconfigFile, kubeconfig);
      log = dir.resolve(name + ".log");
      // e.g. -Dbench.runJvmOptions=-XX:StartFlightRecording=filename=/tmp/run.jfr to profile the reconciler
      String extra = System.getProperty("bench.runJvmOptions", "").strip();
      List<String> options = extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
      String java = ProcessHandle.current().info().command().orElse("java");
      String launcher = System.getProperty("bench.runLauncher", "");
      String classpath = System.getProperty("bench.runClasspath", "");
      List<String> command = new ArrayList<>();
      Map<String, String> environment = new HashMap<>(env);
      if (!launcher.isEmpty()) { // what a user runs: ./dnsguard run, its JVM options in DNSGUARD_JAVA_OPTS
        command.addAll(List.of(launcher, "run"));
        environment.put("DNSGUARD_JAVA_OPTS", extra);
      } else if (!classpath.isEmpty()) { // the product's classpath (jars) and entry point, given options only (A/Bs)
        command.add(java);
        command.addAll(options);
        command.addAll(List.of("-cp", classpath, "io.openova.dnsguard.cli.Main", "run"));
      } else {
        command.addAll(List.of(java, "-Xmx512m", "-XX:+UseSerialGC"));
        command.addAll(Reconciler.javaOptions(Runtime.version().feature(), extra)); // as dnsguard starts it; the options given come after and win
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RunProcess.class.getName()));
      }
      command.addAll(List.of("--bind", "127.0.0.1", "--http-port", Integer.toString(httpPort),
          "--provider", "powerdns", "--pdns-url", pdnsUrl.toString()));
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      environment.put("KUBECONFIG", kubeconfigFile.toString());
      environment.put("DNSGUARD_PDNS_API_KEY", pdnsKey);
      environment.putIfAbsent("POD_NAME", name);
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RunProcess start(Path dir, String name, String kubeconfig, PowerDnsServer pdns, Map<String, String> env,
      List<String> args) {
    return new RunProcess(dir, name, kubeconfig, pdns.apiUrl(), pdns.apiKey(), env, args);
  }

  /** The same against any PowerDNS API address, e.g. a server that hangs. */
  static RunProcess start(Path dir, String name, String kubeconfig, URI pdnsUrl, Map<String, String> env,
      List<String> args) {
    return new RunProcess(dir, name, kubeconfig, pdnsUrl, "not-used", env, args);
  }

  /** The body of {@code path} on the probes port (e.g. readiness's reason), or "" when nothing answers. */
  public String probeBody(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** HTTP status of {@code path} on the probes port, or -1 when nothing answers. */
  public int probe(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String metrics() {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The value of a metric line starting with {@code prefix} (summed over its series), or 0. */
  double metric(String prefix) {
    return metrics().lines().filter(l -> l.startsWith(prefix) && !l.startsWith("#"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** SIGKILL: no shutdown hook runs, the lease is not released. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }
  }
}
