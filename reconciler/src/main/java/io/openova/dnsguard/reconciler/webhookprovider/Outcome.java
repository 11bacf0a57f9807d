package io.openova.dnsguard.reconciler.webhookprovider;

import java.util.List;

/**
 * What became of one {@code POST /records}.
 *
 * @param owner the owner id the request wrote as (empty when none could be read)
 * @param applied record-set changes written (records and ownership TXT)
 * @param refused the changes not written, each with its reason
 */
record Outcome(String owner, int applied, List<Refusal> refused) {
  Outcome {
    refused = List.copyOf(refused);
  }

  boolean complete() {
    return refused.isEmpty();
  }

  /** Every refusal is about the caller's identity: nothing was looked at. */
  boolean forbidden() {
    return !refused.isEmpty() && refused.stream().allMatch(r -> r.reason() == Refusal.Reason.OWNER_NOT_ALLOWED);
  }
}
