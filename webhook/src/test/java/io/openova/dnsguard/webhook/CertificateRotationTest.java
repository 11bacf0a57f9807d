package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.certs.tls.CertificateSource;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import io.openova.dnsguard.certs.x509.CertificateAuthority;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The serving certificate changes under a steady stream of real API-server reviews, and none fails. */
@RealKubeApiServer
class CertificateRotationTest {
  private static final String NAMESPACE = "rotation";
  private static final ServingIdentity IDENTITY = ServingIdentity.of("dnsguard-webhook", "dnsguard")
      .withDnsNames(List.of("localhost")).withIpAddresses(List.of("127.0.0.1"));

  @Test
  void rotate_duringReviewStream_failsNoRequestAndServesTheNewCertificate(KubernetesClient client) throws Exception {
    CertificateIssuer issuer = CertificateIssuer.create(Clock.systemUTC());
    ManagedCertificates first = issuer.issueAll(IDENTITY);
    SwitchableSource source = new SwitchableSource(TlsMaterial.of(first));
    AtomicInteger reviewed = new AtomicInteger();
    client.namespaces().resource(new NamespaceBuilder()
        .withNewMetadata().withName(NAMESPACE).addToLabels("rotation", "yes").endMetadata().build()).create();

    try (WebhookServer server = WebhookServer.start("127.0.0.1", 0, 0, source, request -> {
      reviewed.incrementAndGet();
      return AdmissionResponse.allow(request.uid(), List.of());
    }, new HealthState(), new WebhookMetrics())) {
      register(client, server.tlsPort(), first.authority().certificate(), reviewed);
      BigInteger before = servedSerial(server.tlsPort(), first);

      List<String> failures = new CopyOnWriteArrayList<>();
      int total = 150;
      for (int i = 0; i < total; i++) {
        if (i == 40 || i == 100) {
          CertificateAuthority sameCa = first.authority();
          source.set(TlsMaterial.of(new ManagedCertificates(sameCa, List.of(), issuer.issue(sameCa, IDENTITY))));
        }
        try {
          client.resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).withNamespace(NAMESPACE)
              .endMetadata().build()).create();
        } catch (KubernetesClientException e) {
          failures.add("cm-" + i + ": " + e.getMessage());
        }
      }

      assertThat(failures).isEmpty();
      assertThat(reviewed.get()).isGreaterThanOrEqualTo(total);
      assertThat(servedSerial(server.tlsPort(), first)).isNotEqualTo(before)
          .isEqualTo(source.current().leaf().getSerialNumber());
    } finally {
      client.admissionRegistration().v1().validatingWebhookConfigurations().withName(NAMESPACE).delete();
    }
  }

  private static void register(KubernetesClient client, int port, X509Certificate ca, AtomicInteger reviewed)
      throws Exception {
    String pem = "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
    client.resource(new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata().withName(NAMESPACE).endMetadata()
        .addNewWebhook()
          .withName("rotation.dnsguard.openova.io")
          .withNewClientConfig().withUrl("https://127.0.0.1:" + port + "/validate")
            .withCaBundle(Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))
          .endClientConfig()
          .addNewRule().withApiGroups("").withApiVersions("v1").withOperations("CREATE")
            .withResources("configmaps").endRule()
          .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("rotation", "yes").build())
          .withAdmissionReviewVersions("v1").withSideEffects("None").withFailurePolicy("Fail").withTimeoutSeconds(5)
        .endWebhook().build()).create();
    // The API server picks the configuration up asynchronously: wait until a probe create reaches us.
    long deadline = System.nanoTime() + 30_000_000_000L;
    var probe = new ConfigMapBuilder().withNewMetadata().withName("probe").withNamespace(NAMESPACE).endMetadata().build();
    while (reviewed.get() == 0) {
      assertThat(System.nanoTime()).as("the API server never called the webhook").isLessThan(deadline);
      client.resource(probe).create();
      client.resource(probe).delete();
      Thread.sleep(200);
    }
  }

  /** The serial of the certificate the server presents in a fresh handshake. */
  private static BigInteger servedSerial(int port, ManagedCertificates trust) throws Exception {
    try (SSLSocket socket = (SSLSocket) TlsMaterial.of(trust).clientContext().getSocketFactory()
        .createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  /** A certificate source the test switches by hand. */
  private static final class SwitchableSource implements CertificateSource {
    private final List<Consumer<TlsMaterial>> listeners = new ArrayList<>();
    private volatile TlsMaterial current;

    SwitchableSource(TlsMaterial initial) {
      current = initial;
    }

    void set(TlsMaterial material) {
      current = material;
      listeners.forEach(l -> l.accept(material));
    }

    @Override
    public TlsMaterial current() {
      return current;
    }

    @Override
    public void onChange(Consumer<TlsMaterial> listener) {
      listeners.add(listener);
    }

    @Override
    public boolean refresh() {
      return false;
    }

    @Override
    public void start(java.time.Duration interval) {}

    @Override
    public void close() {}
  }
}
