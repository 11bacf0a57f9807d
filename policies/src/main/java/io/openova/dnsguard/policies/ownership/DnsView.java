package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.name.Hostname;

/** What DNS already holds, as the evaluator asks it: one decoded picture per name. */
public interface DnsView {

  /** No zones known: nothing is owned, nothing exists. */
  DnsView EMPTY = NameOwnership::empty;

  /** Everything DNS says about {@code name} (never null; {@link NameOwnership#empty} when nothing). */
  NameOwnership at(Hostname name);
}
