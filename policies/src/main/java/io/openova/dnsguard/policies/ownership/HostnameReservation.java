package io.openova.dnsguard.policies.ownership;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.name.Hostname;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster-scoped {@code HostnameReservation} (dnsguard.openova.io/v1alpha1): the webhook creates
 * one per exclusive name it admits, named from the canonical hostname, so the API server's create
 * is the atomic step that decides between webhook replicas. {@code expires} bounds how long a
 * reservation whose object never appeared (the create failed later in the admission chain) keeps
 * the name; once expired, a reservation counts only while its claimant still claims the name.
 *
 * @param hostname the canonical name (a wildcard keeps its {@code *.})
 * @param claimant the object admitted with it
 * @param expires when an unconfirmed reservation stops holding the name
 */
public record HostnameReservation(Hostname hostname, ObjectRef claimant, Instant expires) {
  public static final String GROUP = "dnsguard.openova.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "HostnameReservation";
  public static final String PLURAL = "hostnamereservations";

  public HostnameReservation {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(claimant, "claimant");
    Objects.requireNonNull(expires, "expires");
  }

  /**
   * The object name for {@code hostname}: {@code h-} and 40 hex digits of its SHA-256. Readable
   * schemes collide (every Kubernetes name is also a legal hostname, so {@code *.x} has no spelling
   * of its own); the hostname itself is in the spec and a printer column.
   */
  public static String objectName(Hostname hostname) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(hostname.value().getBytes(StandardCharsets.US_ASCII));
      return "h-" + HexFormat.of().formatHex(digest, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public String objectName() {
    return objectName(hostname);
  }

  /** True while {@code now} is before {@link #expires}. */
  public boolean pendingAt(Instant now) {
    return now.isBefore(expires);
  }

  public GenericKubernetesResource toResource() {
    Map<String, Object> claimantFields = new LinkedHashMap<>();
    claimantFields.put("kind", claimant.kind().kind());
    claimantFields.put("group", claimant.kind().group());
    claimantFields.put("namespace", claimant.namespace());
    claimantFields.put("name", claimant.name());
    claimantFields.put("uid", claimant.uid());
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION).withKind(KIND)
        .withNewMetadata().withName(objectName()).addToLabels("app.kubernetes.io/name", "dnsguard").endMetadata()
        .addToAdditionalProperties("spec", Map.of("hostname", hostname.value(), "claimant", claimantFields,
            "expires", expires.toString()))
        .build();
  }

  /** Reads a reservation back; IllegalArgumentException names what is wrong with it. */
  public static HostnameReservation from(GenericKubernetesResource resource) {
    String where = "HostnameReservation " + (resource.getMetadata() == null ? "?" : resource.getMetadata().getName());
    try {
      Object spec = resource.getAdditionalProperties().get("spec");
      if (!(spec instanceof Map<?, ?> fields) || !(fields.get("claimant") instanceof Map<?, ?> claimant)) {
        throw new IllegalArgumentException("spec.claimant is missing");
      }
      String group = text(claimant, "group");
      String kindName = text(claimant, "kind");
      SourceKind kind = SourceKind.of(group.isEmpty() ? "v1" : group + "/v", kindName)
          .orElseThrow(() -> new IllegalArgumentException("spec.claimant.kind " + kindName + " is not a guarded kind"));
      ObjectRef ref = new ObjectRef(kind, text(claimant, "namespace"), text(claimant, "name"), text(claimant, "uid"), null);
      return new HostnameReservation(Hostname.of(text(fields, "hostname")), ref, Instant.parse(text(fields, "expires")));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static String text(Map<?, ?> fields, String key) {
    return fields.get(key) instanceof String s ? s : "";
  }
}
