package io.openova.dnsguard.certs.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.testbench.MutableClock;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.RenewalDecision;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CaBundleInjectorTest {
  private static final String OTHER_BUNDLE = Base64.getEncoder().encodeToString("other".getBytes(StandardCharsets.US_ASCII));
  private static final ServingIdentity IDENTITY = ServingIdentity.of("dnsguard-webhook", "dnsguard-system");

  KubernetesClient client;

  private final MutableClock clock = MutableClock.atDefault();
  private final ManagedCertificates certificates = CertificateIssuer.create(clock).issueAll(IDENTITY);

  @BeforeEach
  void createConfigurations() {
    create(configuration("dnsguard", webhook("routes.dnsguard.openova.io", null), webhook("services.dnsguard.openova.io", null)));
    create(configuration("someone-else", webhook("check.example.com", OTHER_BUNDLE)));
  }

  @Test
  void inject_namedConfiguration_setsBundleOnEveryWebhook() {
    int changed = new CaBundleInjector(client).inject("dnsguard", certificates.caBundle());

    assertThat(changed).isEqualTo(2);
    for (ValidatingWebhook webhook : get("dnsguard").getWebhooks()) {
      String pem = new String(Base64.getDecoder().decode(webhook.getClientConfig().getCaBundle()), StandardCharsets.US_ASCII);
      assertThat(PemCodec.decodeCertificates(pem, "caBundle")).isEqualTo(certificates.caBundle());
    }
  }

  @Test
  void inject_namedConfiguration_leavesOtherConfigurationsAlone() {
    new CaBundleInjector(client).inject("dnsguard", certificates.caBundle());

    assertThat(get("someone-else").getWebhooks().getFirst().getClientConfig().getCaBundle()).isEqualTo(OTHER_BUNDLE);
  }

  @Test
  void inject_bundleAlreadySet_writesNothing() {
    CaBundleInjector injector = new CaBundleInjector(client);
    injector.inject("dnsguard", certificates.caBundle());
    String resourceVersion = get("dnsguard").getMetadata().getResourceVersion();

    assertThat(injector.inject("dnsguard", certificates.caBundle())).isZero();
    assertThat(get("dnsguard").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
  }

  @Test
  void inject_rotatedBundle_replacesAndCarriesBothCas() {
    CaBundleInjector injector = new CaBundleInjector(client);
    injector.inject("dnsguard", certificates.caBundle());
    ManagedCertificates rotated =
        CertificateIssuer.create(clock).apply(new RenewalDecision.RotateAuthority("test"), certificates, IDENTITY);

    assertThat(injector.inject("dnsguard", rotated.caBundle())).isEqualTo(2);
    String pem =
        new String(
            Base64.getDecoder().decode(get("dnsguard").getWebhooks().getFirst().getClientConfig().getCaBundle()),
            StandardCharsets.US_ASCII);
    assertThat(PemCodec.decodeCertificates(pem, "caBundle"))
        .containsExactly(rotated.authority().certificate(), certificates.authority().certificate());
  }

  @Test
  void inject_missingConfiguration_failsNamingIt() {
    assertThatThrownBy(() -> new CaBundleInjector(client).inject("absent", certificates.caBundle()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ValidatingWebhookConfiguration \"absent\" not found");
  }

  private void create(ValidatingWebhookConfiguration configuration) {
    client.admissionRegistration().v1().validatingWebhookConfigurations().resource(configuration).create();
  }

  private ValidatingWebhookConfiguration get(String name) {
    return client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).get();
  }

  private static ValidatingWebhookConfiguration configuration(String name, ValidatingWebhook... webhooks) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withWebhooks(List.of(webhooks))
        .build();
  }

  private static ValidatingWebhook webhook(String name, String caBundle) {
    return new ValidatingWebhookBuilder()
        .withName(name)
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withNewClientConfig()
        .withCaBundle(caBundle)
        .withNewService()
        .withNamespace("dnsguard-system")
        .withName("dnsguard-webhook")
        .withPath("/validate")
        .withPort(443)
        .endService()
        .endClientConfig()
        .build();
  }
}
