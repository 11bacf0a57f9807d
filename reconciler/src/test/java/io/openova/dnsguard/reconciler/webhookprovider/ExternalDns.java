package io.openova.dnsguard.reconciler.webhookprovider;

import io.openova.dnsguard.testbench.ExternalDnsProcess;
import io.openova.dnsguard.testbench.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * external-dns as these tests run it, through the test bench's {@link ExternalDnsProcess}: the
 * common arguments (kubeconfig, metrics on a free loopback port, debug logs unless the test sets a
 * level) before the test's, each run in {@code dir/<name>} so that its log is found by name.
 */
final class ExternalDns {
  private ExternalDns() {}

  static ExternalDnsProcess start(Path dir, String name, Path kubeconfig, List<String> args, Map<String, String> env) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig,
        "--metrics-address=127.0.0.1:" + FreePorts.find(false)));
    if (args.stream().noneMatch(a -> a.startsWith("--log-level"))) {
      all.add("--log-level=debug");
    }
    all.addAll(args);
    return ExternalDnsProcess.start(dir.resolve(name), all, env);
  }

  /** A {@code --once} run to its end: its exit code, and its log's last lines for assertion messages. */
  record Run(int exit, String tail) {}

  static Run once(Path dir, String name, Path kubeconfig, List<String> args, Map<String, String> env, Duration timeout) {
    List<String> all = new ArrayList<>(args);
    all.add("--once");
    try (ExternalDnsProcess run = start(dir, name, kubeconfig, all, env)) {
      int exit = run.awaitExit(timeout);
      return new Run(exit, run.tail(30));
    }
  }
}
