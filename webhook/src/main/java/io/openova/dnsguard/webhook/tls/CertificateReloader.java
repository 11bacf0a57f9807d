package io.openova.dnsguard.webhook.tls;

import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.openova.dnsguard.certs.tls.CertificateSource;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts new serving material into the running server. Helidon swaps the SSL context for new
 * handshakes only, so reviews in flight on existing connections finish undisturbed.
 */
public final class CertificateReloader implements Consumer<TlsMaterial> {
  private static final Logger LOG = Logger.getLogger(CertificateReloader.class.getName());

  private final WebServer server;

  private CertificateReloader(WebServer server) {
    this.server = server;
  }

  /** Reloads {@code server}'s default (TLS) socket whenever {@code source} changes. */
  public static void attach(CertificateSource source, WebServer server) {
    source.onChange(new CertificateReloader(server));
  }

  /** Helidon TLS settings for the material: TLS 1.3 and 1.2 only. */
  public static Tls tls(TlsMaterial material) {
    return Tls.builder()
        .privateKey(material.privateKey())
        .privateKeyCertChain(material.chain())
        .enabledProtocols(TlsMaterial.PROTOCOLS)
        .build();
  }

  @Override
  public void accept(TlsMaterial material) {
    try {
      server.reloadTls(tls(material));
      LOG.info(() -> "serving certificate reloaded: " + material.leaf().getSubjectX500Principal()
          + " serial " + material.leaf().getSerialNumber().toString(16)
          + " valid until " + material.leaf().getNotAfter().toInstant());
    } catch (RuntimeException e) {
      // Keep serving the old pair; the next change or check tries again.
      LOG.log(Level.SEVERE, "could not reload the serving certificate; keeping the current one", e);
    }
  }
}
