package io.openova.dnsguard.policies.claim;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The object a claim comes from. {@code uid} is empty and {@code creationTimestamp} null for objects
 * not yet created (an admission CREATE, a manifest checked offline): they come after every live
 * object in claim order.
 */
public record ObjectRef(
    SourceKind kind, String namespace, String name, String uid, @Nullable Instant creationTimestamp) {

  /** First claim wins: oldest creationTimestamp, then uid; objects not yet created come last. */
  public static final Comparator<ObjectRef> CLAIM_ORDER =
      Comparator.comparing(
              ObjectRef::creationTimestamp, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(ObjectRef::uid, Comparator.comparing(String::isEmpty))
          .thenComparing(ObjectRef::uid);

  public ObjectRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(uid, "uid");
    if (namespace.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("namespace and name must not be blank");
    }
  }

  /** Same object: same kind, namespace and name (a re-created object keeps the identity). */
  public boolean sameObject(ObjectRef other) {
    return kind == other.kind && namespace.equals(other.namespace) && name.equals(other.name);
  }

  /** True if this object's claims win over {@code other}'s. */
  public boolean precedes(ObjectRef other) {
    return CLAIM_ORDER.compare(this, other) < 0;
  }

  /** {@code HTTPRoute team-b/api}, as denial messages name objects. */
  public String display() {
    return kind.kind() + " " + namespace + "/" + name;
  }
}
