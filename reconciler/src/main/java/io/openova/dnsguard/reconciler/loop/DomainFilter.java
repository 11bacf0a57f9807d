package io.openova.dnsguard.reconciler.loop;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.List;

/**
 * external-dns's {@code --domain-filter}: when set, only zones within (or containing) one of the
 * domains are read and written, and only names within one of them are desired. Empty: everything.
 */
public record DomainFilter(List<Hostname> domains) {

  public static final DomainFilter ALL = new DomainFilter(List.of());

  public DomainFilter {
    domains = List.copyOf(domains);
  }

  public static DomainFilter of(List<String> domains) {
    return new DomainFilter(domains.stream().map(Hostname::of).toList());
  }

  public boolean admitsZone(Hostname zone) {
    return domains.isEmpty() || domains.stream().anyMatch(d -> zone.isWithin(d) || d.isWithin(zone));
  }

  /** Asked for every desired name: a loop, as C1 (the reconciler's compiler) allocates a stream's stages. */
  public boolean admitsName(Hostname name) {
    for (Hostname domain : domains) {
      if (name.isWithin(domain)) {
        return true;
      }
    }
    return domains.isEmpty();
  }
}
