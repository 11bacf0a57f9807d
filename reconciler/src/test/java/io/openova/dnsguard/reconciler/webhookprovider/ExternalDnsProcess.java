package io.openova.dnsguard.reconciler.webhookprovider;

import io.openova.dnsguard.testbench.FreePorts;
import io.openova.dnsguard.testbench.Testbin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real external-dns binary ({@code Testbin.locate().externalDns()}, v0.21.0) in its own
 * process, output in a log file. A minimal helper of this package's tests: the testbench had no
 * external-dns runner when they were written.
 */
final class ExternalDnsProcess implements AutoCloseable {
  final Path log;
  private final Process process;

  private ExternalDnsProcess(Path log, Process process) {
    this.log = log;
    this.process = process;
  }

  /**
   * Starts external-dns with {@code args} after the common ones (kubeconfig, metrics on a free
   * loopback port, debug logs unless {@code args} set a level); {@code env} may carry secrets such as {@code EXTERNAL_DNS_PDNS_API_KEY}.
   */
  static ExternalDnsProcess start(Path dir, String name, Path kubeconfig, List<String> args, Map<String, String> env) {
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve(name + ".log");
      List<String> command = new ArrayList<>(List.of(Testbin.locate().externalDns().toString(),
          "--kubeconfig=" + kubeconfig, "--metrics-address=127.0.0.1:" + FreePorts.find(false)));
      if (args.stream().noneMatch(a -> a.startsWith("--log-level"))) {
        command.add("--log-level=debug");
      }
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      return new ExternalDnsProcess(log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs external-dns with {@code --once} and returns its exit code; fails after {@code timeout}. */
  static int once(Path dir, String name, Path kubeconfig, List<String> args, Map<String, String> env, Duration timeout) {
    List<String> all = new ArrayList<>(args);
    all.add("--once");
    try (ExternalDnsProcess run = start(dir, name, kubeconfig, all, env)) {
      return run.await(timeout);
    }
  }

  int await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("external-dns did not finish within " + timeout + ":\n" + logTail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  String logTail() {
    List<String> lines = logText().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
