package io.openova.dnsguard.cli.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dnsguard command ({@code serve}, {@code run}) as its own JVM, the way a pod runs it, logging
 * to a file in the sandbox directory; ready when its {@code /readyz} answers 200.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final int httpPort;

  private ChildProcess(String name, Process process, Path log, int httpPort) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** Set by {@code up --image BUNDLE}: serve and run start from that unpacked container image. */
  static final String IMAGE_PROPERTY = "dnsguard.sandbox.image";

  static ChildProcess start(String name, Path dir, int httpPort, Map<String, String> env, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    Map<String, String> childEnv = new TreeMap<>(env);
    String image = System.getProperty(IMAGE_PROPERTY);
    if (image == null) {
      command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.openova.dnsguard.cli.Main"));
    } else {
      // The image's own entrypoint under chroot, as uid 65532 on a read-only root (tools/image/run.sh).
      // Only the sandbox directory is mounted in, so the kubeconfig carries its certificates inline
      // (as a pod's mounted kubeconfig Secret would); the environment is passed by name.
      childEnv.computeIfPresent("KUBECONFIG", (variable, file) -> readableOnlyBy(IMAGE_UID,
          inlined(Path.of(file), dir.resolve(name + ".kubeconfig"))));
      command.addAll(List.of(SandboxCommand.home().resolve("tools/image/run.sh").toString(), image,
          "--bind", dir.toAbsolutePath().toString()));
      childEnv.keySet().forEach(variable -> command.addAll(List.of("--env", variable)));
      command.add("--");
    }
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(childEnv);
    return new ChildProcess(name, builder.start(), log, httpPort);
  }

  /** The image's user (its config's {@code user}; the chart's runAsUser). */
  private static final int IMAGE_UID = 65532;

  /** The copy carries a client key: only the image's user may read it (run.sh runs as root, then as that user). */
  private static String readableOnlyBy(int uid, String file) {
    try {
      Path path = Path.of(file);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      Files.setAttribute(path, "unix:uid", uid);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand " + file + " to uid " + uid, e);
    }
  }

  /** A copy of {@code kubeconfig} whose certificate and key file references are inlined as {@code *-data}. */
  static String inlined(Path kubeconfig, Path copy) {
    try {
      StringBuilder yaml = new StringBuilder();
      for (String line : Files.readAllLines(kubeconfig)) {
        Matcher file = FILE_REFERENCE.matcher(line);
        yaml.append(file.matches()
            ? file.group(1) + file.group(2) + "-data: "
                + Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file.group(3).trim())))
            : line).append('\n');
      }
      return Files.writeString(copy, yaml).toAbsolutePath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inline the certificates of " + kubeconfig, e);
    }
  }

  private static final Pattern FILE_REFERENCE =
      Pattern.compile("^(\\s*)(certificate-authority|client-certificate|client-key): (.+)$");

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  void awaitReady(Duration within) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new SandboxException(name + " exited with status " + process.exitValue() + "; its log: " + log
            + "\n" + tail());
      }
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException starting) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new SandboxException(name + " not ready within " + within.toSeconds() + " s; its log: " + log + "\n" + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
