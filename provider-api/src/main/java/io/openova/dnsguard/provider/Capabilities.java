package io.openova.dnsguard.provider;

import io.openova.dnsguard.policies.name.RecordType;
import java.util.Set;

/**
 * What a provider can do, so that callers (batching, the planner's checks) need no
 * per-provider knowledge.
 *
 * @param maxChangesPerRequest most record-set changes one write request may carry
 * @param maxRequestBytes largest write request body, in bytes
 * @param atomicBatches whether one write request is all-or-nothing
 * @param apexCnameFlattening whether a CNAME at the zone apex is served (ALIAS/flattening)
 * @param recordTypes the record types it can write
 */
public record Capabilities(
    int maxChangesPerRequest,
    long maxRequestBytes,
    boolean atomicBatches,
    boolean apexCnameFlattening,
    Set<RecordType> recordTypes) {

  /** What dnsguard writes: address records, CNAMEs and their ownership TXT. */
  public static final Set<RecordType> WRITTEN_TYPES = Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME,
      RecordType.TXT);

  /**
   * A name's record and its ownership record as a provider request carries them, rounded up (about
   * 330 bytes in a PowerDNS PATCH): what sizes {@link #namesPerRequest()}.
   */
  private static final int BYTES_PER_NAME = 400;

  public Capabilities {
    if (maxChangesPerRequest < 2) {
      throw new IllegalArgumentException("a request must hold at least a record and its TXT, not " + maxChangesPerRequest);
    }
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException("maxRequestBytes must be at least 1024, not " + maxRequestBytes);
    }
    recordTypes = Set.copyOf(recordTypes);
  }

  /**
   * Names (a record and its ownership record each) that fill one write request without spilling
   * over: the part a caller plans and writes at a time, so that the next part is planned while this
   * one is with the provider (PowerDNS, 1 MB PATCHes: 2,500).
   */
  public int namesPerRequest() {
    return Math.max(1, (int) Math.min(maxChangesPerRequest / 2, maxRequestBytes / BYTES_PER_NAME));
  }

  /** A provider whose write requests are all-or-nothing, writing {@link #WRITTEN_TYPES}, no apex CNAME. */
  public static Capabilities atomic(int maxChangesPerRequest, long maxRequestBytes) {
    return new Capabilities(maxChangesPerRequest, maxRequestBytes, true, false, WRITTEN_TYPES);
  }

  /** A provider whose write requests may apply in part, writing {@link #WRITTEN_TYPES}, no apex CNAME. */
  public static Capabilities nonAtomic(int maxChangesPerRequest, long maxRequestBytes) {
    return new Capabilities(maxChangesPerRequest, maxRequestBytes, false, false, WRITTEN_TYPES);
  }
}
