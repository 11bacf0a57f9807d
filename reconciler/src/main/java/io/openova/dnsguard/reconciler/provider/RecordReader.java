package io.openova.dnsguard.reconciler.provider;

import io.openova.dnsguard.policies.plan.RecordSet;
import java.util.List;

/**
 * The read side of a provider: what the webhook needs to look ownership records up, and the
 * reconciler to plan. Implementations are thread-safe.
 */
public interface RecordReader {

  /** A short name for messages and metrics, e.g. {@code powerdns}. */
  String name();

  /** The zones this provider serves (after any configured zone filter). */
  List<Zone> zones();

  /**
   * Every record set in {@code zone} whose name is a valid hostname, including types dnsguard
   * never writes (so the planner can see what it must not touch). TXT values are the joined
   * character strings, unquoted.
   *
   * @throws ProviderException when the provider cannot be read
   */
  List<RecordSet> records(Zone zone);
}
