package io.openova.dnsguard.testbench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The report CRDs the background audit writes, as {@code tools/testbin/build.sh} fetched them from
 * their projects' Go modules: OpenReports ({@code Report}, {@code ClusterReport}) and the older
 * wgpolicyk8s ({@code PolicyReport}, {@code ClusterPolicyReport}). Missing ones fail, never skip.
 */
public record ReportCrds(Path openReports, Path policyReports) {

  private static final String BUILD_HINT = "run tools/testbin/build.sh (./dnsguard test and .ci/run do it for you)";

  public static ReportCrds locate() {
    Path file = Testbin.cacheDir().resolve("testbin.properties");
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (IOException e) {
      throw new MissingPartException("cannot read " + file + ": " + e.getMessage() + ": " + BUILD_HINT, e);
    }
    ReportCrds crds = new ReportCrds(dir(props, file, "openreports.crds"), dir(props, file, "policyreport.crds"));
    for (Path dir : List.of(crds.openReports, crds.policyReports)) {
      if (files(dir).size() != 2) {
        throw new MissingPartException("expected the namespaced and the cluster report CRD in " + dir + ": " + BUILD_HINT);
      }
    }
    return crds;
  }

  public List<Path> openReportsFiles() {
    return files(openReports);
  }

  public List<Path> policyReportsFiles() {
    return files(policyReports);
  }

  private static Path dir(Properties props, Path file, String key) {
    String value = props.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new MissingPartException(file + " has no " + key + ": " + BUILD_HINT);
    }
    return Path.of(value.trim());
  }

  private static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new MissingPartException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
