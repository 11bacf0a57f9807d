package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.Objects;

/**
 * A desired record set the planner refused to write, and why; the reconciler turns it into an
 * Event on {@code resource}.
 *
 * @param resource the source object that wants the name, e.g. {@code httproute/team-a/api}
 * @param message one sentence naming what collided with what
 */
public record Conflict(Hostname name, RecordType type, String resource, Reason reason, String message) {

  /** Why a desired set was not written. */
  public enum Reason {
    /** The ownership TXT names another owner id. */
    OWNED_BY_OTHER,
    /** An ownership record dnsguard cannot read (encrypted without a matching key, no owner, mixed): someone's. */
    OWNER_UNREADABLE,
    /** Records exist at the name without any ownership record (by hand); adoptable when the policy says so. */
    UNOWNED,
    /** Held by something that cannot be adopted: a LUA/ALIAS set, an exclusive CNAME, a foreign TXT where ours must go. */
    OCCUPIED,
    /** The ownership TXT cannot be written there (e.g. a wildcard without a TXT wildcard replacement). */
    REGISTRY_UNSUPPORTED,
    /** Two sources want the same name and type; the first by resource name was planned. */
    DUPLICATE_DESIRED
  }

  public Conflict {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return message;
  }
}
