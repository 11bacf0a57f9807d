package io.openova.dnsguard.certs.tls;

import io.openova.dnsguard.certs.kube.CaBundleInjector;
import io.openova.dnsguard.certs.kube.SecretCertificateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where the webhook's serving material comes from, and news of its change.
 *
 * <p>{@link #current()} is the material to start the server with; listeners added with
 * {@link #onChange(Consumer)} get the new material whenever it changes (feed it to
 * {@code WebServer.reloadTls(...)}). Changes are looked for by {@link #refresh()}, which a background
 * thread calls every interval once {@link #start(Duration)} was called. A check that fails (a file
 * half-written, the API server away) is logged and changes nothing: the server keeps its material.
 *
 * <p>Made by {@link #files(Path)} (certificates mounted from a Secret, e.g. by cert-manager),
 * {@link #selfManaged} (dnsguard's own CA in a Secret) or {@link #fixed(TlsMaterial)}.
 */
public interface CertificateSource extends AutoCloseable {

  /** The material in use now. */
  TlsMaterial current();

  /** Calls {@code listener} with the new material after every change (on the polling thread). */
  void onChange(Consumer<TlsMaterial> listener);

  /**
   * Checks now; if the material changed, makes it current, tells the listeners and returns true.
   *
   * @throws RuntimeException if the check fails (the background thread logs this instead)
   */
  boolean refresh();

  /** Starts checking every {@code interval} on a daemon thread. */
  void start(Duration interval);

  /** Stops the background checks. */
  @Override
  void close();

  /**
   * Mounted files {@code tls.crt}, {@code tls.key} and, if present, {@code ca.crt} in {@code directory}.
   *
   * @throws io.openova.dnsguard.certs.pem.PemException if they cannot be read now
   */
  static CertificateSource files(Path directory) {
    Path ca = directory.resolve("ca.crt");
    return files(
        directory.resolve("tls.crt"),
        directory.resolve("tls.key"),
        Files.exists(ca) ? ca : null);
  }

  /** Mounted files; {@code caBundle} may be null when no CA file is mounted. */
  static CertificateSource files(Path chain, Path privateKey, @Nullable Path caBundle) {
    return new FileCertificateSource(chain, privateKey, caBundle);
  }

  /**
   * The self-managed pair in a Secret: every check runs {@link SecretCertificateStore#ensure()} (which
   * renews or rotates when due, in whichever replica gets there first) and, if {@code webhookConfiguration}
   * is given, injects the CA bundle into it.
   */
  static CertificateSource selfManaged(
      SecretCertificateStore store, @Nullable CaBundleInjector injector, @Nullable String webhookConfiguration) {
    return new SelfManagedCertificateSource(store, injector, webhookConfiguration);
  }

  /** Material that never changes (tests, one-off runs). */
  static CertificateSource fixed(TlsMaterial material) {
    return new PollingCertificateSource(material) {
      @Override
      @Nullable
      TlsMaterial load() {
        return null;
      }
    };
  }
}
