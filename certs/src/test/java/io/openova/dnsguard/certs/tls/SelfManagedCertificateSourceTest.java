package io.openova.dnsguard.certs.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.openova.dnsguard.certs.kube.CaBundleInjector;
import io.openova.dnsguard.certs.kube.SecretCertificateStore;
import io.openova.dnsguard.certs.kube.SecretRef;
import io.openova.dnsguard.testbench.MutableClock;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SelfManagedCertificateSourceTest {
  private static final ServingIdentity IDENTITY = ServingIdentity.of("dnsguard-webhook", "dnsguard-system");

  KubernetesClient client;

  private final MutableClock clock = MutableClock.atDefault();
  private final List<TlsMaterial> changes = new CopyOnWriteArrayList<>();
  private SecretCertificateStore store;

  @BeforeEach
  void setUp() {
    store =
        new SecretCertificateStore(
            client, new SecretRef("dnsguard-system", "dnsguard-webhook-tls"), IDENTITY, CertificateIssuer.create(clock));
    client.admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("dnsguard")
                .endMetadata()
                .addNewWebhook()
                .withName("routes.dnsguard.openova.io")
                .withNewClientConfig()
                .withUrl("https://127.0.0.1:8443/validate")
                .endClientConfig()
                .endWebhook()
                .build())
        .create();
  }

  @Test
  void selfManaged_firstStart_createsSecretAndInjectsBundle() {
    try (CertificateSource source = CertificateSource.selfManaged(store, new CaBundleInjector(client), "dnsguard")) {
      TlsMaterial material = source.current();

      assertThat(store.read()).hasValueSatisfying(stored -> assertThat(stored.serving().certificate()).isEqualTo(material.leaf()));
      assertThat(injectedBundle()).isEqualTo(material.caBundlePem());
    }
  }

  @Test
  void refresh_servingDue_renewsAndNotifies() {
    try (CertificateSource source = CertificateSource.selfManaged(store, new CaBundleInjector(client), "dnsguard")) {
      source.onChange(changes::add);
      TlsMaterial before = source.current();

      assertThat(source.refresh()).isFalse();
      clock.advance(Duration.ofDays(250));
      assertThat(source.refresh()).isTrue();

      assertThat(changes).singleElement().satisfies(material -> {
        assertThat(material.leaf()).isNotEqualTo(before.leaf());
        assertThat(material.caBundle()).isEqualTo(before.caBundle());
      });
    }
  }

  @Test
  void refresh_caDue_rotatesAndInjectsBothCas() {
    try (CertificateSource source = CertificateSource.selfManaged(store, new CaBundleInjector(client), "dnsguard")) {
      TlsMaterial before = source.current();
      clock.advance(Duration.ofDays(1300));

      assertThat(source.refresh()).isTrue();

      assertThat(source.current().caBundle()).hasSize(2).endsWith(before.caBundle().getFirst());
      assertThat(injectedBundle()).isEqualTo(source.current().caBundlePem());
    }
  }

  @Test
  void refresh_bundleResetByHelmUpgrade_isInjectedAgain() {
    try (CertificateSource source = CertificateSource.selfManaged(store, new CaBundleInjector(client), "dnsguard")) {
      client.admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .withName("dnsguard")
          .edit(configuration -> {
            configuration.getWebhooks().getFirst().getClientConfig().setCaBundle(null);
            return configuration;
          });

      assertThat(source.refresh()).isFalse();
      assertThat(injectedBundle()).isEqualTo(source.current().caBundlePem());
    }
  }

  private String injectedBundle() {
    String encoded =
        client.admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName("dnsguard")
            .get()
            .getWebhooks()
            .getFirst()
            .getClientConfig()
            .getCaBundle();
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII);
  }
}
