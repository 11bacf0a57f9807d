package io.openova.dnsguard.certs.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.openova.dnsguard.certs.kube.EnsureResult.Outcome;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.RenewalDecision;
import io.openova.dnsguard.certs.x509.RenewalSchedule;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the self-managed CA and serving certificate in one {@code kubernetes.io/tls} Secret, so every
 * replica serves the same pair and any replica can renew it.
 *
 * <p>{@link #ensure()} reads the Secret, asks the {@link RenewalSchedule} whether anything is due, and
 * writes only then, with the resourceVersion it read (optimistic concurrency). A replica that loses the
 * race gets 409 Conflict, reads again and uses what the winner wrote; two replicas racing end with one
 * pair. Creating the Secret races the same way (409 AlreadyExists).
 *
 * <p>A Secret that exists but holds no usable pair is replaced only if it is empty or labelled
 * {@code app.kubernetes.io/managed-by=dnsguard}; anything else is somebody else's and is an error.
 */
public final class SecretCertificateStore {
  static final int MAX_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final SecretRef ref;
  private final ServingIdentity identity;
  private final CertificateIssuer issuer;
  private final RenewalSchedule schedule;
  private final Runnable beforeWrite;

  public SecretCertificateStore(
      KubernetesClient client, SecretRef ref, ServingIdentity identity, CertificateIssuer issuer) {
    this(client, ref, identity, issuer, () -> {});
  }

  /** With a hook run between reading and writing, so tests can make another replica win the race. */
  SecretCertificateStore(
      KubernetesClient client,
      SecretRef ref,
      ServingIdentity identity,
      CertificateIssuer issuer,
      Runnable beforeWrite) {
    this.client = Objects.requireNonNull(client, "client");
    this.ref = Objects.requireNonNull(ref, "ref");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.schedule = new RenewalSchedule(issuer.clock());
    this.beforeWrite = Objects.requireNonNull(beforeWrite, "beforeWrite");
  }

  public SecretRef secret() {
    return ref;
  }

  public ServingIdentity identity() {
    return identity;
  }

  /** The pair in the Secret, if the Secret exists and holds a usable one. Never writes. */
  public Optional<ManagedCertificates> read() {
    Secret secret = resource().get();
    if (secret == null) {
      return Optional.empty();
    }
    return switch (SecretCodec.read(secret, ref)) {
      case SecretCodec.Stored.Usable usable -> Optional.of(usable.certificates());
      case SecretCodec.Stored.Unusable unusable -> Optional.empty();
    };
  }

  /**
   * Creates, renews or rotates the pair in the Secret as needed and returns what the Secret holds
   * afterwards.
   *
   * @throws IllegalStateException if the Secret belongs to someone else, or writes kept conflicting
   * @throws KubernetesClientException on other API errors
   */
  public EnsureResult ensure() {
    boolean lostRace = false;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<EnsureResult> result = attempt(lostRace);
      if (result.isPresent()) {
        return result.get();
      }
      lostRace = true;
    }
    throw new IllegalStateException(
        "Secret " + ref + ": gave up after " + MAX_ATTEMPTS + " writes that conflicted with other writers");
  }

  /** One read-decide-write round; empty if the write lost a race. */
  private Optional<EnsureResult> attempt(boolean lostRace) {
    Secret secret = resource().get();
    if (secret == null) {
      ManagedCertificates fresh = issuer.issueAll(identity);
      return write(() -> create(fresh), new EnsureResult(Outcome.CREATED, fresh, "Secret " + ref + " did not exist"));
    }
    return switch (SecretCodec.read(secret, ref)) {
      case SecretCodec.Stored.Usable usable -> {
        ManagedCertificates current = usable.certificates();
        RenewalDecision decision = schedule.decide(current, identity);
        yield switch (decision) {
          case RenewalDecision.Keep keep ->
              Optional.of(
                  new EnsureResult(
                      lostRace ? Outcome.ADOPTED : Outcome.UNCHANGED,
                      current,
                      (lostRace ? "another replica wrote Secret " + ref + " first; " : "")
                          + "next renewal at " + keep.nextCheck()));
          case RenewalDecision.RenewServing renew -> {
            ManagedCertificates next = issuer.apply(decision, current, identity);
            yield write(() -> update(next, secret), new EnsureResult(Outcome.RENEWED, next, renew.reason()));
          }
          case RenewalDecision.RotateAuthority rotate -> {
            ManagedCertificates next = issuer.apply(decision, current, identity);
            yield write(() -> update(next, secret), new EnsureResult(Outcome.ROTATED, next, rotate.reason()));
          }
        };
      }
      case SecretCodec.Stored.Unusable unusable -> {
        if (!unusable.ours()) {
          throw new IllegalStateException(
              "Secret " + ref + " exists but cannot be used (" + unusable.reason()
                  + ") and is not managed by dnsguard; delete it or choose another name");
        }
        ManagedCertificates fresh = issuer.issueAll(identity);
        yield write(() -> update(fresh, secret), new EnsureResult(Outcome.REPLACED, fresh, unusable.reason()));
      }
    };
  }

  private Optional<EnsureResult> write(Runnable request, EnsureResult result) {
    beforeWrite.run();
    try {
      request.run();
      return Optional.of(result);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void create(ManagedCertificates certificates) {
    client.secrets().inNamespace(ref.namespace()).resource(SecretCodec.write(certificates, ref, null)).create();
  }

  /** Replaces the Secret as read: the resourceVersion it carries makes a concurrent write fail with 409. */
  private void update(ManagedCertificates certificates, Secret read) {
    Secret next = SecretCodec.write(certificates, ref, read);
    client.secrets().inNamespace(ref.namespace()).resource(next).update();
  }

  private Resource<Secret> resource() {
    return client.secrets().inNamespace(ref.namespace()).withName(ref.name());
  }
}
