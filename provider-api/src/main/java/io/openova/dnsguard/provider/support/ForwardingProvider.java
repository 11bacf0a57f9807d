package io.openova.dnsguard.provider.support;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.Capabilities;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.provider.ListedSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * A provider that reads through to another one; subclasses decide what {@code apply} does (dry
 * run, leader-only writes). One copy of the forwarding, whatever the decorator.
 */
public abstract class ForwardingProvider implements DnsProvider {
  protected final DnsProvider delegate;

  protected ForwardingProvider(DnsProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<Zone> zones() {
    return delegate.zones();
  }

  @Override
  public List<RecordSet> records(Zone zone) {
    return delegate.records(zone);
  }

  @Override
  public List<RecordSet> records(Zone zone, Set<Hostname> names) {
    return delegate.records(zone, names);
  }

  @Override
  public List<ListedSet> listing(Zone zone) {
    return delegate.listing(zone);
  }

  @Override
  public RecordSet adjust(RecordSet desired) {
    return delegate.adjust(desired);
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public void rehearse(Zone zone, ChangeBatch batch) {
    delegate.rehearse(zone, batch);
  }

  // prepare is not forwarded: its default write runs this decorator's apply, so a dry run stays dry.
}
