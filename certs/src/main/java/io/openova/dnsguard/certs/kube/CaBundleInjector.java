package io.openova.dnsguard.certs.kube;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.certs.pem.PemCodec;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Writes the CA bundle into {@code clientConfig.caBundle} of every webhook of one named
 * ValidatingWebhookConfiguration, and touches no other. Writes only when something differs (so it can
 * run on every check, and heals a {@code helm upgrade} that reset the field), with the resourceVersion
 * it read; on 409 Conflict it reads again and retries.
 */
public final class CaBundleInjector {
  private final KubernetesClient client;

  public CaBundleInjector(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Sets the bundle on every webhook of the configuration.
   *
   * @return how many webhook entries changed; 0 if all already had this bundle
   * @throws IllegalStateException if the configuration does not exist, or writes kept conflicting
   */
  public int inject(String configurationName, List<X509Certificate> caBundle) {
    if (caBundle.isEmpty()) {
      throw new IllegalArgumentException("the CA bundle is empty");
    }
    String encoded =
        Base64.getEncoder().encodeToString(PemCodec.encodeCertificates(caBundle).getBytes(StandardCharsets.US_ASCII));
    for (int attempt = 1; attempt <= SecretCertificateStore.MAX_ATTEMPTS; attempt++) {
      ValidatingWebhookConfiguration configuration =
          client.admissionRegistration().v1().validatingWebhookConfigurations().withName(configurationName).get();
      if (configuration == null) {
        throw new IllegalStateException("ValidatingWebhookConfiguration \"" + configurationName + "\" not found");
      }
      int changed = 0;
      for (ValidatingWebhook webhook : configuration.getWebhooks()) {
        WebhookClientConfig clientConfig = webhook.getClientConfig();
        if (clientConfig == null) {
          clientConfig = new WebhookClientConfig();
          webhook.setClientConfig(clientConfig);
        }
        if (!encoded.equals(clientConfig.getCaBundle())) {
          clientConfig.setCaBundle(encoded);
          changed++;
        }
      }
      if (changed == 0) {
        return 0;
      }
      try {
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(configuration).update();
        return changed;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
    throw new IllegalStateException(
        "ValidatingWebhookConfiguration \"" + configurationName + "\": gave up after "
            + SecretCertificateStore.MAX_ATTEMPTS + " conflicting writes");
  }
}
