package io.openova.dnsguard.policies.policy;

import io.openova.dnsguard.policies.claim.SourceObject;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is asked: the shape of an AdmissionRequest (operation, object, oldObject) for an object that
 * may claim names, also used by the reconciler ({@link Operation#AUDIT}) and the offline check.
 */
public record AdmissionInput(Operation operation, @Nullable SourceObject object, @Nullable SourceObject oldObject) {

  public enum Operation {
    CREATE,
    UPDATE,
    DELETE,
    /**
     * Re-check an object already in the cluster (reconciler, defence in depth): all its claims count,
     * and first claim wins by creationTimestamp, then uid.
     */
    AUDIT
  }

  public AdmissionInput {
    Objects.requireNonNull(operation, "operation");
    boolean needsObject = operation == Operation.CREATE || operation == Operation.UPDATE || operation == Operation.AUDIT;
    if (needsObject && object == null) {
      throw new IllegalArgumentException(operation + " needs an object");
    }
  }

  public static AdmissionInput create(SourceObject object) {
    return new AdmissionInput(Operation.CREATE, object, null);
  }

  public static AdmissionInput update(SourceObject object, SourceObject oldObject) {
    return new AdmissionInput(Operation.UPDATE, object, oldObject);
  }

  public static AdmissionInput audit(SourceObject object) {
    return new AdmissionInput(Operation.AUDIT, object, null);
  }
}
