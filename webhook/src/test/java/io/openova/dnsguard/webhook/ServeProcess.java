package io.openova.dnsguard.webhook;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.JsonLogging;
import io.openova.dnsguard.testbench.FreePorts;
import io.openova.dnsguard.testbench.KubeApiServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * {@code dnsguard serve} as a separate JVM process against a test API server, the way a pod runs
 * it: so tests can kill it with SIGKILL and start it again.
 */
public final class ServeProcess implements AutoCloseable {
  private final List<String> command;
  private final Path log;
  private final int tlsPort = FreePorts.find(false);
  private final int httpPort = FreePorts.find(false);
  private final Path kubeconfig;
  private Process process;

  /** Entry point of the child JVM: what {@code dnsguard serve} starts (the command's own checks are the cli's). */
  public static void main(String[] args) {
    JsonLogging.install(Level.INFO);
    try {
      WebhookService.run(Arguments.parse(List.of(args), WebhookService.OPTIONS, WebhookService.REPEATABLE,
          WebhookService.FLAGS).withEnvironment(System.getenv()));
    } catch (Exception e) {
      e.printStackTrace(); // a test reads it in the log
      System.exit(1);
    }
    System.exit(0);
  }

  public ServeProcess(KubeApiServer kube, Path dir, List<String> serveArgs) throws IOException {
    this(kube.kubeconfig(), dir, serveArgs);
  }

  /** The same against any API server address, e.g. a proxy in front of the test server. */
  public ServeProcess(String kubeconfigYaml, Path dir, List<String> serveArgs) throws IOException {
    Files.createDirectories(dir);
    kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kubeconfigYaml);
    log = dir.resolve("serve.log");
    command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ServeProcess.class.getName(),
        "--bind", "127.0.0.1", "--tls-port", Integer.toString(tlsPort), "--http-port", Integer.toString(httpPort)));
    command.addAll(serveArgs);
  }

  /**
   * Runs the JVM under {@code launcher} (e.g. {@code taskset -c 1}) with extra JVM options (e.g. a
   * flight recording): benchmarks place and profile the process. Before {@link #start}.
   */
  public ServeProcess launchedWith(List<String> launcher, List<String> jvmOptions) {
    command.addAll(1, jvmOptions);
    command.addAll(0, launcher);
    return this;
  }

  public int tlsPort() {
    return tlsPort;
  }

  int httpPort() {
    return httpPort;
  }

  /** Starts the process and waits until {@code /readyz} answers 200. */
  public ServeProcess start(Duration readyWithin) throws Exception {
    launch();
    awaitReady(readyWithin);
    return this;
  }

  /** Starts the process without waiting for anything. */
  ServeProcess launch() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    process = builder.start();
    return this;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The last lines of the log, for assertion messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  void awaitReady(Duration within) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("serve exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        // Ready, and this process's webhook port takes connections (not another process's readyz on a reused port).
        if (ready.statusCode() == 200 && process.isAlive() && accepts(tlsPort)) {
          return;
        }
      } catch (IOException notListening) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve not ready within " + within + ": " + Files.readString(log));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  /** Whether the process runs, with the last lines of its log: for failure messages. */
  String state() {
    return (process != null && process.isAlive() ? "running" : "exited") + ", log:\n" + logTail();
  }

  /** The running process's id (benchmarks read its CPU time). */
  public long pid() {
    return process.pid();
  }

  /** SIGKILL, as the kernel's OOM killer or a node failure would. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }
}
