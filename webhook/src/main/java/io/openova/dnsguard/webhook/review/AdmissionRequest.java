package io.openova.dnsguard.webhook.review;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The part of an {@code admission.k8s.io/v1} AdmissionReview request dnsguard reads.
 *
 * @param uid echoed in the response, as the API server requires
 * @param kind the object's kind as sent ({@code requestKind} when the API server converted it)
 * @param object the new object (CREATE, UPDATE); null for DELETE
 * @param oldObject the stored object (UPDATE, DELETE); null for CREATE
 * @param dryRun true for {@code --dry-run=server}: evaluated the same, no side effects
 */
public record AdmissionRequest(
    String uid,
    GroupVersionKind kind,
    @Nullable String namespace,
    @Nullable String name,
    Operation operation,
    @Nullable ReviewObject object,
    @Nullable ReviewObject oldObject,
    boolean dryRun) {

  public AdmissionRequest {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(operation, "operation");
  }

  /** The review's operation; CONNECT is never registered for dnsguard but must not break it. */
  public enum Operation { CREATE, UPDATE, DELETE, CONNECT }

  public record GroupVersionKind(String group, String version, String kind) {
    /** {@code Kind} for the core group, {@code Kind.group} otherwise. */
    public String display() {
      return group.isEmpty() ? kind : kind + "." + group;
    }
  }

  /** A short description for logs: {@code CREATE HTTPRoute team-a/api}. */
  public String describe() {
    String where = namespace == null || namespace.isEmpty() ? "" : namespace + "/";
    return operation + " " + kind.kind() + " " + where + (name == null ? "" : name);
  }
}
