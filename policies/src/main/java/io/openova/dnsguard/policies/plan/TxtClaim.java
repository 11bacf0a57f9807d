package io.openova.dnsguard.policies.plan;

import java.util.Objects;

/**
 * What an ownership TXT record set found in the zone says.
 *
 * @param set the TXT record set as read
 * @param state whose it is
 * @param ownerId the owner named in it (empty when unreadable)
 * @param resource the resource named in it (may be empty)
 */
record TxtClaim(RecordSet set, State state, String ownerId, String resource) {

  enum State {
    /** Every value is an ownership record of our owner id. */
    MINE,
    /** A value names another owner id. */
    OTHER,
    /** External-dns heritage without an owner, or ownership mixed with other content. */
    UNREADABLE
  }

  TxtClaim {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(resource, "resource");
  }

  boolean mine() {
    return state == State.MINE;
  }
}
