package io.openova.dnsguard.testbench.chart;

import io.openova.dnsguard.testbench.HelmChart;
import io.openova.dnsguard.testbench.Testbin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The project's chart and the value sets the tests render it with. */
final class Charts {
  static final Path DIR = Path.of("../chart");
  static final String KUBE_VERSION = Testbin.locate().kubernetesVersion();
  static final HelmChart CHART = new HelmChart(DIR, KUBE_VERSION);

  /** Kinds whose CRDs the test API server does not have; asserted by content instead. */
  static final Set<String> NOT_SERVED = Set.of("Certificate", "Issuer", "ServiceMonitor");

  /** What the hook annotations are renamed to in {@link #WITH_HOOKS}. */
  static final String HOOK_PREFIX = "hook.test.dnsguard.openova.io/";

  /**
   * The chart with its Helm hooks turned into ordinary objects. {@code helm template} through
   * helm-java prints only the release manifest, never the hooks (the certificate Jobs and their
   * RBAC), so a copy of the chart has its {@code helm.sh/hook*} annotation keys renamed to
   * {@link #HOOK_PREFIX}{@code hook*}: the same objects, rendered where tests can see them.
   */
  static final HelmChart WITH_HOOKS = new HelmChart(copyWithHooksAsManifests(), KUBE_VERSION);

  private Charts() {}

  static Rendered render(String release, String namespace, Map<String, ?> values) {
    return render(release, namespace, values, List.of());
  }

  static Rendered render(String release, String namespace, Map<String, ?> values, List<Path> valuesFiles) {
    return Rendered.parse(CHART.template(release, namespace, values, valuesFiles));
  }

  /** Renders the release manifest and the hooks together (see {@link #WITH_HOOKS}). */
  static Rendered renderWithHooks(String release, String namespace, Map<String, ?> values, List<Path> valuesFiles) {
    return Rendered.parse(WITH_HOOKS.template(release, namespace, values, valuesFiles));
  }

  static Path resource(String name) {
    return Path.of("src/test/resources/chart").resolve(name);
  }

  private static Path copyWithHooksAsManifests() {
    try {
      Path target = Files.createDirectories(Path.of("target"));
      Path copy = Files.createTempDirectory(target, "chart-with-hooks-").resolve("dnsguard");
      try (Stream<Path> files = Files.walk(DIR)) {
        for (Path file : files.toList()) {
          Path to = copy.resolve(DIR.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else if (file.toString().endsWith(".yaml") && DIR.relativize(file).startsWith("templates")) {
            Files.writeString(to, Files.readString(file).replace("helm.sh/hook", HOOK_PREFIX + "hook"));
          } else {
            Files.copy(file, to);
          }
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
