package io.openova.dnsguard.certs.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.certs.pem.PemException;
import io.openova.dnsguard.certs.x509.CertificateAuthority;
import io.openova.dnsguard.certs.x509.ManagedCertificates;
import io.openova.dnsguard.certs.x509.RenewalSchedule;
import io.openova.dnsguard.certs.x509.ServingCertificate;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@link ManagedCertificates} to and from a {@code kubernetes.io/tls} Secret: {@code tls.crt},
 * {@code tls.key} (PKCS#8), {@code ca.crt} (current CA first, then previous CAs) and {@code ca.key}.
 */
final class SecretCodec {
  static final String TLS_TYPE = "kubernetes.io/tls";
  static final String TLS_CRT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  static final String CA_CRT = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  static final String MANAGED_BY = "dnsguard";
  static final String SERVING_RENEW_AT = "dnsguard.openova.io/serving-renew-at";
  static final String CA_RENEW_AT = "dnsguard.openova.io/ca-renew-at";

  private SecretCodec() {}

  /** What a Secret holds, as far as dnsguard is concerned. */
  sealed interface Stored {
    record Usable(ManagedCertificates certificates) implements Stored {}

    /** Not usable; {@code ours} tells whether dnsguard may overwrite it. */
    record Unusable(String reason, boolean ours) implements Stored {}
  }

  static Stored read(Secret secret, SecretRef ref) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    boolean ours = data.isEmpty() || MANAGED_BY.equals(label(secret));
    if (!TLS_TYPE.equals(secret.getType())) {
      return new Stored.Unusable("it has type " + secret.getType() + ", not " + TLS_TYPE, false);
    }
    try {
      List<X509Certificate> leafChain = PemCodec.decodeCertificates(text(data, TLS_CRT, ref), source(ref, TLS_CRT));
      PrivateKey leafKey = PemCodec.decodePrivateKey(text(data, TLS_KEY, ref), source(ref, TLS_KEY));
      List<X509Certificate> bundle = PemCodec.decodeCertificates(text(data, CA_CRT, ref), source(ref, CA_CRT));
      PrivateKey caKey = PemCodec.decodePrivateKey(text(data, CA_KEY, ref), source(ref, CA_KEY));
      return new Stored.Usable(
          new ManagedCertificates(
              new CertificateAuthority(caKey, bundle.getFirst()),
              bundle.subList(1, bundle.size()),
              new ServingCertificate(leafKey, leafChain.getFirst())));
    } catch (PemException | IllegalArgumentException e) {
      return new Stored.Unusable(e.getMessage() == null ? e.toString() : e.getMessage(), ours);
    }
  }

  /** A Secret with the certificates; {@code base} (the one read, if any) keeps its metadata and resourceVersion. */
  static Secret write(ManagedCertificates certificates, SecretRef ref, @Nullable Secret base) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TLS_CRT, base64(PemCodec.encodeCertificate(certificates.serving().certificate())));
    data.put(TLS_KEY, base64(PemCodec.encodePrivateKey(certificates.serving().privateKey())));
    data.put(CA_CRT, base64(PemCodec.encodeCertificates(certificates.caBundle())));
    data.put(CA_KEY, base64(PemCodec.encodePrivateKey(certificates.authority().privateKey())));
    SecretBuilder builder = base == null ? new SecretBuilder() : new SecretBuilder(base);
    return builder
        .editOrNewMetadata()
        .withNamespace(ref.namespace())
        .withName(ref.name())
        .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
        .addToAnnotations(
            SERVING_RENEW_AT, RenewalSchedule.renewAt(certificates.serving().certificate()).toString())
        .addToAnnotations(CA_RENEW_AT, RenewalSchedule.renewAt(certificates.authority().certificate()).toString())
        .endMetadata()
        .withType(TLS_TYPE)
        .withData(data)
        .withStringData(null)
        .build();
  }

  private static @Nullable String label(Secret secret) {
    Map<String, String> labels = secret.getMetadata() == null ? null : secret.getMetadata().getLabels();
    return labels == null ? null : labels.get(MANAGED_BY_LABEL);
  }

  private static String text(Map<String, String> data, String key, SecretRef ref) {
    String value = data.get(key);
    if (value == null || value.isEmpty()) {
      throw new PemException(source(ref, key) + ": missing");
    }
    try {
      return new String(Base64.getMimeDecoder().decode(value), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw new PemException(source(ref, key) + ": not base64");
    }
  }

  private static String source(SecretRef ref, String key) {
    return "Secret " + ref + " key " + key;
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
