package io.openova.dnsguard.reconciler.webhookprovider;

import io.openova.dnsguard.policies.plan.Conflict;
import java.util.Locale;
import java.util.Objects;

/**
 * A change of a request that was not written, and why. Logged, counted by reason and returned in
 * the response body.
 *
 * @param dnsName the endpoint's name as external-dns sent it
 * @param recordType its type as sent
 * @param message one sentence naming what collided with what
 */
record Refusal(String dnsName, String recordType, Reason reason, String message) {

  /** Why; the metric label is the lower-case name. */
  enum Reason {
    /** The name's ownership record names another owner id. */
    OWNED_BY_OTHER,
    /** An ownership record with external-dns heritage but no readable owner. */
    OWNER_UNREADABLE,
    /** Records without an ownership record (by hand). */
    UNOWNED,
    /** Held by what cannot be adopted: a LUA/ALIAS set of another controller, a CNAME, a foreign TXT. */
    OCCUPIED,
    /** A label starting with {@code _}: the registry's and service records' namespace. */
    UNDERSCORE_LABEL,
    /** Outside every domain of the policy (and the policy does not allow unmanaged names). */
    OUTSIDE_POLICY,
    /** In no zone the provider serves. */
    NO_ZONE,
    /** dnsguard writes A, AAAA and CNAME records with their ownership TXT, without set identifiers. */
    UNSUPPORTED,
    /** Not a valid name or value. */
    INVALID,
    /** The ownership record cannot be written for that name (e.g. a wildcard without replacement). */
    REGISTRY_UNSUPPORTED,
    /** The same name and type twice in one request with different records. */
    DUPLICATE,
    /** The request writes as an owner id the caller may not use, or as several. */
    OWNER_NOT_ALLOWED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Reason of(Conflict.Reason reason) {
      return switch (reason) {
        case OWNED_BY_OTHER -> OWNED_BY_OTHER;
        case OWNER_UNREADABLE -> OWNER_UNREADABLE;
        case UNOWNED -> UNOWNED;
        case OCCUPIED -> OCCUPIED;
        case REGISTRY_UNSUPPORTED -> REGISTRY_UNSUPPORTED;
        case DUPLICATE_DESIRED -> DUPLICATE;
      };
    }
  }

  Refusal {
    Objects.requireNonNull(dnsName, "dnsName");
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  static Refusal of(Endpoint endpoint, Reason reason, String message) {
    return new Refusal(endpoint.dnsName(), endpoint.recordType(), reason, message);
  }
}
