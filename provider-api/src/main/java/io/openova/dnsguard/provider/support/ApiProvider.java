package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.DnsProvider;
import java.util.Objects;

/**
 * The part every provider shares: its name and its {@link Capabilities}, fixed when it is built.
 * What a provider adds is its own: a client that speaks the API's wire format (every request
 * through {@link Calls}) and a mapper between record sets and the wire model.
 */
public abstract class ApiProvider implements DnsProvider {
  private final String name;
  private final Capabilities capabilities;

  protected ApiProvider(String name, Capabilities capabilities) {
    this.name = Objects.requireNonNull(name, "name");
    this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Capabilities capabilities() {
    return capabilities;
  }
}
