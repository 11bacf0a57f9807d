package io.openova.dnsguard.webhook;

import io.openova.dnsguard.providers.powerdns.PowerDnsConfig;
import io.openova.dnsguard.providers.powerdns.PowerDnsProvider;

/** A webhook class with the arrow the architecture test forbids: it builds a provider itself. */
public final class ForbiddenArrow {
  private ForbiddenArrow() {}

  public static PowerDnsProvider provider(PowerDnsConfig config) {
    return PowerDnsProvider.create(config);
  }
}
