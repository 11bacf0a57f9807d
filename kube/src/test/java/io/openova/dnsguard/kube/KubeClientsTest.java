package io.openova.dnsguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class KubeClientsTest {

  @Test
  void chaCha20First_chaChaSuitesLead_theRestKeepTheirOrder() {
    assertThat(KubeClients.chaCha20First(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"}))
        .containsExactly("TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
  }

  @Test
  void chaCha20First_ofTheJdkDefaults_offersEveryDefaultSuite() throws Exception {
    String[] defaults = SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites();

    List<String> ordered = KubeClients.chaCha20First(defaults);

    assertThat(ordered).containsExactlyInAnyOrder(defaults).first().asString().contains("CHACHA20");
  }
}
