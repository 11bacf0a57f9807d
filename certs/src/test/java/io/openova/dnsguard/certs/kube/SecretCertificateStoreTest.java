package io.openova.dnsguard.certs.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.openova.dnsguard.certs.kube.EnsureResult.Outcome;
import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.testbench.MutableClock;
import io.openova.dnsguard.testbench.Pkix;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SecretCertificateStoreTest {
  private static final SecretRef REF = new SecretRef("dnsguard-system", "dnsguard-webhook-tls");
  private static final ServingIdentity IDENTITY = ServingIdentity.of("dnsguard-webhook", "dnsguard-system");

  KubernetesClient client;

  private final MutableClock clock = MutableClock.atDefault();
  private final CertificateIssuer issuer = CertificateIssuer.create(clock);

  private SecretCertificateStore store() {
    return new SecretCertificateStore(client, REF, IDENTITY, issuer);
  }

  @Test
  void ensure_noSecret_createsTlsSecretWithPkcs8KeysAndCa() {
    EnsureResult result = store().ensure();

    assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
    Secret secret = client.secrets().inNamespace(REF.namespace()).withName(REF.name()).get();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "dnsguard");
    assertThat(text(secret, "tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(text(secret, "ca.key")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PemCodec.decodeCertificates(text(secret, "tls.crt"), "tls.crt"))
        .containsExactly(result.certificates().serving().certificate());
    assertThat(PemCodec.decodeCertificates(text(secret, "ca.crt"), "ca.crt"))
        .containsExactly(result.certificates().authority().certificate());
  }

  @Test
  void ensure_validSecret_leavesItUntouched() {
    EnsureResult created = store().ensure();
    String resourceVersion = secret().getMetadata().getResourceVersion();

    EnsureResult again = store().ensure();

    assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(again.certificates()).isEqualTo(created.certificates());
    assertThat(secret().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(store().read()).contains(created.certificates());
  }

  @Test
  void ensure_servingPastTwoThirds_renewsFromSameCa() {
    EnsureResult created = store().ensure();
    clock.advance(Duration.ofDays(250));

    EnsureResult renewed = store().ensure();

    assertThat(renewed.outcome()).isEqualTo(Outcome.RENEWED);
    assertThat(renewed.certificates().authority()).isEqualTo(created.certificates().authority());
    assertThat(renewed.certificates().serving().certificate())
        .isNotEqualTo(created.certificates().serving().certificate());
    assertThat(store().read()).contains(renewed.certificates());
  }

  @Test
  void ensure_wantedNamesChanged_renews() {
    store().ensure();
    ServingIdentity wider = IDENTITY.withIpAddresses(List.of("127.0.0.1"));

    EnsureResult renewed = new SecretCertificateStore(client, REF, wider, issuer).ensure();

    assertThat(renewed.outcome()).isEqualTo(Outcome.RENEWED);
    assertThat(renewed.detail()).contains("missing [IP:127.0.0.1]");
  }

  @Test
  void ensure_caPastTwoThirds_rotatesAndKeepsOldCaTrustedDuringOverlap() throws Exception {
    EnsureResult created = store().ensure();
    clock.advance(Duration.ofDays(1100));
    EnsureResult lastFromOldCa = store().ensure();
    clock.advance(Duration.ofDays(120));

    EnsureResult rotated = store().ensure();

    assertThat(lastFromOldCa.outcome()).isEqualTo(Outcome.RENEWED);
    assertThat(rotated.outcome()).isEqualTo(Outcome.ROTATED);
    ManagedCertificates now = rotated.certificates();
    assertThat(now.caBundle()).containsExactly(now.authority().certificate(), created.certificates().authority().certificate());
    assertThat(store().read()).contains(now);
    Pkix.validate(List.of(now.serving().certificate()), now.caBundle(), clock.instant());
    Pkix.validate(List.of(lastFromOldCa.certificates().serving().certificate()), now.caBundle(), clock.instant());
  }

  @Test
  void ensure_anotherReplicaCreatesFirst_adoptsItsPair() {
    EnsureResult[] winner = new EnsureResult[1];
    EnsureResult result = storeRacedBy(winner).ensure();

    assertThat(winner[0].outcome()).isEqualTo(Outcome.CREATED);
    assertThat(result.outcome()).isEqualTo(Outcome.ADOPTED);
    assertThat(result.certificates()).isEqualTo(winner[0].certificates());
    assertThat(store().read()).contains(winner[0].certificates());
  }

  @Test
  void ensure_anotherReplicaRenewsFirst_conflictsAndAdoptsItsPair() {
    store().ensure();
    clock.advance(Duration.ofDays(250));
    EnsureResult[] winner = new EnsureResult[1];
    EnsureResult result = storeRacedBy(winner).ensure();

    assertThat(winner[0].outcome()).isEqualTo(Outcome.RENEWED);
    assertThat(result.outcome()).isEqualTo(Outcome.ADOPTED);
    assertThat(result.certificates()).isEqualTo(winner[0].certificates());
    assertThat(store().read()).contains(winner[0].certificates());
  }

  /** A store whose first write is preceded by another replica's whole ensure(); its result lands in {@code winner[0]}. */
  private SecretCertificateStore storeRacedBy(EnsureResult[] winner) {
    SecretCertificateStore other = store();
    AtomicBoolean raced = new AtomicBoolean();
    return new SecretCertificateStore(client, REF, IDENTITY, issuer, () -> {
      if (raced.compareAndSet(false, true)) {
        winner[0] = other.ensure();
      }
    });
  }

  @Test
  void ensure_twoReplicasWriteAtOnce_endWithOnePair() throws Exception {
    store().ensure();
    clock.advance(Duration.ofDays(250));
    CyclicBarrier bothRead = new CyclicBarrier(2);
    Runnable waitForOther =
        () -> {
          try {
            bothRead.await(5, TimeUnit.SECONDS);
          } catch (Exception e) {
            // The other replica already finished (it adopted): nothing to wait for.
          }
        };
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    try {
      Future<EnsureResult> a = replicas.submit(() -> new SecretCertificateStore(client, REF, IDENTITY, issuer, waitForOther).ensure());
      Future<EnsureResult> b = replicas.submit(() -> new SecretCertificateStore(client, REF, IDENTITY, issuer, waitForOther).ensure());
      EnsureResult first = a.get(10, TimeUnit.SECONDS);
      EnsureResult second = b.get(10, TimeUnit.SECONDS);

      assertThat(List.of(first.outcome(), second.outcome())).containsExactlyInAnyOrder(Outcome.RENEWED, Outcome.ADOPTED);
      assertThat(first.certificates()).isEqualTo(second.certificates());
      assertThat(store().read()).contains(first.certificates());
    } finally {
      replicas.shutdownNow();
    }
  }

  @Test
  void ensure_emptyPlaceholderSecret_isFilled() {
    client.secrets().inNamespace(REF.namespace()).resource(tlsSecret(Map.of(), Map.of())).create();

    EnsureResult result = store().ensure();

    assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
    assertThat(store().read()).contains(result.certificates());
  }

  @Test
  void ensure_brokenSecretManagedByDnsguard_isReplaced() {
    client.secrets()
        .inNamespace(REF.namespace())
        .resource(tlsSecret(Map.of("tls.crt", base64("garbage")), Map.of("app.kubernetes.io/managed-by", "dnsguard")))
        .create();

    EnsureResult result = store().ensure();

    assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
    assertThat(result.detail()).contains("Secret dnsguard-system/dnsguard-webhook-tls key tls.crt");
  }

  @Test
  void ensure_foreignSecret_failsWithoutTouchingIt() {
    client.secrets()
        .inNamespace(REF.namespace())
        .resource(tlsSecret(Map.of("tls.crt", base64("someone else's")), Map.of()))
        .create();

    assertThatThrownBy(() -> store().ensure())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not managed by dnsguard");
    assertThat(secret().getData()).containsOnlyKeys("tls.crt");
  }

  @Test
  void ensure_secretOfOtherType_fails() {
    client.secrets()
        .inNamespace(REF.namespace())
        .resource(new SecretBuilder(tlsSecret(Map.of(), Map.of())).withType("Opaque").build())
        .create();

    assertThatThrownBy(() -> store().ensure())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has type Opaque");
  }

  private Secret secret() {
    return client.secrets().inNamespace(REF.namespace()).withName(REF.name()).get();
  }

  private static Secret tlsSecret(Map<String, String> data, Map<String, String> labels) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(REF.namespace())
        .withName(REF.name())
        .withLabels(labels)
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(data)
        .build();
  }

  private static String text(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
