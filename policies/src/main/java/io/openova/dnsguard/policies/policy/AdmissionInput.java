package io.openova.dnsguard.policies.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is asked: the shape of an AdmissionRequest (operation, object, oldObject), also used by the
 * reconciler ({@link Operation#AUDIT}) and the offline check.
 */
public record AdmissionInput(Operation operation, @Nullable HasMetadata object, @Nullable HasMetadata oldObject) {

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

  public static AdmissionInput create(HasMetadata object) {
    return new AdmissionInput(Operation.CREATE, object, null);
  }

  public static AdmissionInput update(HasMetadata object, HasMetadata oldObject) {
    return new AdmissionInput(Operation.UPDATE, object, oldObject);
  }

  public static AdmissionInput audit(HasMetadata object) {
    return new AdmissionInput(Operation.AUDIT, object, null);
  }
}
