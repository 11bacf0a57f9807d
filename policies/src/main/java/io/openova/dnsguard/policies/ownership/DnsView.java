package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What DNS already holds, as the evaluator asks it. */
public interface DnsView {

  /** No zones known: nothing is owned, nothing exists. */
  DnsView EMPTY =
      new DnsView() {
        @Override
        public List<TxtOwnership> ownershipOf(Hostname name) {
          return List.of();
        }

        @Override
        public Set<RecordType> recordTypesAt(Hostname name) {
          return Set.of();
        }

        @Override
        public boolean isZoneApex(Hostname name) {
          return false;
        }

        @Override
        public Optional<Hostname> ownershipRecordAt(Hostname name) {
          return Optional.empty();
        }
      };

  /** The ownership TXT records that speak for {@code name} (any record type, either name format). */
  List<TxtOwnership> ownershipOf(Hostname name);

  /** Types of the records at {@code name} other than ownership TXT records. */
  Set<RecordType> recordTypesAt(Hostname name);

  boolean isZoneApex(Hostname name);

  /** If an ownership TXT record lives at {@code name}, the endpoint it speaks for. */
  Optional<Hostname> ownershipRecordAt(Hostname name);
}
