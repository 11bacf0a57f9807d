package io.openova.dnsguard.provider;

import io.openova.dnsguard.policies.name.Hostname;
import java.util.Objects;

/**
 * A zone as a provider knows it.
 *
 * @param id the provider's identifier (PowerDNS: {@code example.com.}; Route53: {@code Z123...})
 * @param name the zone apex
 */
public record Zone(String id, Hostname name) {
  public Zone {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (id.isBlank()) {
      throw new IllegalArgumentException("zone id of " + name + " must not be blank");
    }
  }

  @Override
  public String toString() {
    return name.value();
  }
}
