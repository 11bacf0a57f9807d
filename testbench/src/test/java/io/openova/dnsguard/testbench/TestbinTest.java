package io.openova.dnsguard.testbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing part must fail a test with instructions, never let it skip. */
class TestbinTest {

  @Test
  void locate_withoutBuiltBinaries_failsNamingTheBuildScript(@TempDir Path empty) {
    assertThatThrownBy(() -> Testbin.locate(empty))
        .isInstanceOf(MissingPartException.class)
        .hasMessageContaining("tools/testbin/build.sh");
  }

  @Test
  void locate_withABinaryDeleted_failsNamingIt(@TempDir Path cache) throws Exception {
    Path bin = Files.createDirectories(cache.resolve("bin"));
    Path crds = Files.createDirectories(cache.resolve("crds"));
    Files.writeString(crds.resolve("httproutes.yaml"), "kind: CustomResourceDefinition\n");
    for (String name : new String[] {"kube-apiserver", "kubectl"}) {
      Path file = Files.writeString(bin.resolve(name), "#!/bin/sh\n");
      assertThat(file.toFile().setExecutable(true)).isTrue();
    }
    Files.writeString(cache.resolve("testbin.properties"), """
        kubernetes.version=1.35.4
        etcd.version=3.6.6
        gateway-api.version=1.4.1
        kubeapitest.dir=%s
        bin.dir=%s
        gateway-api.crds=%s
        external-dns.crd=%s
        external-dns.binary=%s
        """.formatted(cache, bin, crds, crds.resolve("httproutes.yaml"), bin.resolve("external-dns")));

    assertThatThrownBy(() -> Testbin.locate(cache))
        .isInstanceOf(MissingPartException.class)
        .hasMessageStartingWith("etcd is missing");

    Path etcd = Files.writeString(bin.resolve("etcd"), "#!/bin/sh\n");
    assertThat(etcd.toFile().setExecutable(true)).isTrue();
    assertThatThrownBy(() -> Testbin.locate(cache))
        .isInstanceOf(MissingPartException.class)
        .hasMessageStartingWith("the external-dns binary is missing");
  }

  @Test
  void locate_onThisMachine_findsEveryPart() {
    Testbin testbin = Testbin.locate();
    assertThat(testbin.gatewayApiCrdFiles()).extracting(p -> p.getFileName().toString())
        .contains("gateway.networking.k8s.io_httproutes.yaml", "gateway.networking.k8s.io_grpcroutes.yaml");
  }
}
