package io.openova.dnsguard.testbench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where {@code tools/testbin/build.sh} put the Kubernetes parts: read from the
 * {@code testbin.properties} it writes, so the pinned versions live only in its go.mod files.
 *
 * @param kubernetesVersion the kube-apiserver/kubectl release, e.g. {@code 1.35.4}
 * @param etcdVersion the etcd release built beside it
 * @param gatewayApiVersion the Gateway API release whose standard-channel CRDs are installed
 * @param kubeApiTestDir the directory fabric8 kube-api-test reads offline ({@code k8s/<version>-linux-amd64})
 * @param gatewayApiCrds the directory holding the Gateway API CRD YAML files
 * @param externalDnsCrd external-dns's DNSEndpoint CRD
 * @param externalDns the real external-dns binary (differential and webhook-provider tests)
 */
public record Testbin(
    String kubernetesVersion,
    String etcdVersion,
    String gatewayApiVersion,
    Path kubeApiTestDir,
    Path binDir,
    Path gatewayApiCrds,
    Path externalDnsCrd,
    Path externalDns) {

  private static final String BUILD_HINT =
      "run tools/testbin/build.sh (./dnsguard test and .ci/run do it for you)";

  /** The cache directory: {@code $DNSGUARD_CACHE}, else {@code ~/.cache/dnsguard}. */
  public static Path cacheDir() {
    String configured = System.getenv("DNSGUARD_CACHE");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "dnsguard");
  }

  public static Testbin locate() {
    return locate(cacheDir());
  }

  /** Reads the parts' locations and checks every file is there; fails naming what is missing. */
  public static Testbin locate(Path cacheDir) {
    Path file = cacheDir.resolve("testbin.properties");
    if (!Files.isRegularFile(file)) {
      throw new MissingPartException(
          "kube-apiserver, etcd and kubectl are not built (no " + file + "): " + BUILD_HINT);
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (IOException e) {
      throw new MissingPartException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Testbin testbin = new Testbin(
        required(props, file, "kubernetes.version"),
        required(props, file, "etcd.version"),
        required(props, file, "gateway-api.version"),
        Path.of(required(props, file, "kubeapitest.dir")),
        Path.of(required(props, file, "bin.dir")),
        Path.of(required(props, file, "gateway-api.crds")),
        Path.of(required(props, file, "external-dns.crd")),
        Path.of(required(props, file, "external-dns.binary")));
    for (String binary : List.of("kube-apiserver", "etcd", "kubectl")) {
      if (!Files.isExecutable(testbin.binDir.resolve(binary))) {
        throw new MissingPartException(
            binary + " is missing from " + testbin.binDir + ": " + BUILD_HINT);
      }
    }
    if (!Files.isRegularFile(testbin.externalDnsCrd)) {
      throw new MissingPartException("external-dns's DNSEndpoint CRD is missing at " + testbin.externalDnsCrd + ": " + BUILD_HINT);
    }
    if (!Files.isExecutable(testbin.externalDns)) {
      throw new MissingPartException("the external-dns binary is missing at " + testbin.externalDns + ": " + BUILD_HINT);
    }
    if (testbin.gatewayApiCrdFiles().isEmpty()) {
      throw new MissingPartException(
          "no Gateway API CRDs in " + testbin.gatewayApiCrds + ": " + BUILD_HINT);
    }
    return testbin;
  }

  public Path kubectl() {
    return binDir.resolve("kubectl");
  }

  public List<Path> gatewayApiCrdFiles() {
    if (!Files.isDirectory(gatewayApiCrds)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(gatewayApiCrds)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new MissingPartException("cannot list " + gatewayApiCrds + ": " + e.getMessage(), e);
    }
  }

  private static String required(Properties props, Path file, String key) {
    String value = props.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new MissingPartException(file + " has no " + key + ": " + BUILD_HINT);
    }
    return value.trim();
  }
}
