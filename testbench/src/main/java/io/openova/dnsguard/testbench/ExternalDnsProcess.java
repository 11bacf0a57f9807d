package io.openova.dnsguard.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real external-dns binary ({@link Testbin#externalDns()}) as a child process: arguments in,
 * process out, its output captured in a log file, stopped by its own PID. Generic on purpose —
 * {@code --once} runs, long-running peers, the webhook-provider client — so every test that
 * compares with external-dns starts it the same way. Secrets go in {@code environment} as
 * {@code EXTERNAL_DNS_<FLAG>} (external-dns reads every flag from there), not in the arguments.
 *
 * <pre>{@code
 * try (ExternalDnsProcess edns = ExternalDnsProcess.start(dir, List.of("--once", "--source=crd", ...),
 *     Map.of("EXTERNAL_DNS_PDNS_API_KEY", pdns.apiKey()))) {
 *   assertThat(edns.awaitExit(Duration.ofMinutes(2))).as(edns.log()).isZero();
 * }
 * }</pre>
 */
public final class ExternalDnsProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final List<String> command;

  private ExternalDnsProcess(Process process, Path log, List<String> command) {
    this.process = process;
    this.log = log;
    this.command = command;
  }

  /** Starts the binary {@link Testbin#locate()} names; fails (never skips) when it is not built. */
  public static ExternalDnsProcess start(Path workDir, List<String> args, Map<String, String> environment) {
    return start(Testbin.locate().externalDns(), workDir, args, environment);
  }

  /**
   * Starts {@code binary} with {@code args} in {@code workDir}; stdout and stderr go to {@code
   * workDir/external-dns-<n>.log}. The environment is the test's, plus {@code environment}.
   */
  public static ExternalDnsProcess start(Path binary, Path workDir, List<String> args, Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      Files.createDirectories(workDir);
      Path log = Files.createTempFile(workDir, "external-dns-", ".log");
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      return new ExternalDnsProcess(builder.start(), log, List.copyOf(command));
    } catch (IOException e) {
      throw new MissingPartException("cannot start external-dns " + binary + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code kubeconfig} (e.g. {@link KubeApiServer#kubeconfig()}) to a file for {@code --kubeconfig}. */
  public static Path writeKubeconfig(Path workDir, String kubeconfig) {
    try {
      Files.createDirectories(workDir);
      return Files.writeString(workDir.resolve("kubeconfig"), kubeconfig, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, if it has exited. */
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /**
   * Waits for it to exit (a {@code --once} run) and returns the exit code; on timeout it is stopped
   * and an {@link IllegalStateException} carries the end of its log.
   */
  public int awaitExit(Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted waiting for external-dns", e);
    }
    close();
    throw new IllegalStateException("external-dns did not exit within " + timeout + "; its log ends: " + tail(40));
  }

  /** Everything it printed so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** The last {@code lines} lines of its output, for assertion messages. */
  public String tail(int lines) {
    List<String> all = log().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  public Path logFile() {
    return log;
  }

  public List<String> command() {
    return command;
  }

  /** Stops this process by its PID: SIGTERM, then SIGKILL after 10 s. The log file stays. */
  @Override
  public void close() {
    ProcessHandle handle = process.toHandle();
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        handle.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      handle.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "external-dns pid " + pid() + " " + Objects.toString(command.subList(1, command.size()));
  }
}
