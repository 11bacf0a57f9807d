package io.openova.dnsguard.certs.tls;

import io.openova.dnsguard.certs.kube.CaBundleInjector;
import io.openova.dnsguard.certs.kube.EnsureResult;
import io.openova.dnsguard.certs.kube.SecretCertificateStore;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * dnsguard's own pair in a Secret; every check ensures it (renewing when due) and injects the caBundle.
 *
 * <p>Order matters for a CA rotation: the bundle (new CA plus the previous one) is injected before the
 * listeners hear of the new leaf, so the API server already trusts the new CA when this replica starts
 * serving it, and still trusts the old CA that replicas which have not yet checked keep serving.
 */
final class SelfManagedCertificateSource extends PollingCertificateSource {
  private static final System.Logger LOG = System.getLogger(CertificateSource.class.getName());

  private final SecretCertificateStore store;
  private final @Nullable CaBundleInjector injector;
  private final @Nullable String webhookConfiguration;

  SelfManagedCertificateSource(
      SecretCertificateStore store, @Nullable CaBundleInjector injector, @Nullable String webhookConfiguration) {
    this(store, injector, webhookConfiguration, ensure(store, injector, webhookConfiguration));
  }

  private SelfManagedCertificateSource(
      SecretCertificateStore store,
      @Nullable CaBundleInjector injector,
      @Nullable String webhookConfiguration,
      TlsMaterial initial) {
    super(initial);
    if ((injector == null) != (webhookConfiguration == null)) {
      throw new IllegalArgumentException("give both the injector and the webhook configuration name, or neither");
    }
    this.store = store;
    this.injector = injector;
    this.webhookConfiguration = webhookConfiguration;
  }

  @Override
  TlsMaterial load() {
    return ensure(store, injector, webhookConfiguration);
  }

  private static TlsMaterial ensure(
      SecretCertificateStore store, @Nullable CaBundleInjector injector, @Nullable String webhookConfiguration) {
    EnsureResult result = store.ensure();
    if (result.outcome().wrote()) {
      LOG.log(
          Level.INFO,
          "Secret {0}: {1} ({2})",
          store.secret(),
          result.outcome().name().toLowerCase(java.util.Locale.ROOT),
          result.detail());
    }
    if (injector != null && webhookConfiguration != null) {
      int changed = injector.inject(webhookConfiguration, result.certificates().caBundle());
      if (changed > 0) {
        LOG.log(Level.INFO, "caBundle updated in {0} webhook(s) of {1}", changed, webhookConfiguration);
      }
    }
    return TlsMaterial.of(result.certificates());
  }
}
