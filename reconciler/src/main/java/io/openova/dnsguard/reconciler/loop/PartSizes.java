package io.openova.dnsguard.reconciler.loop;

/**
 * How many names each part of one sync holds: a few at first, doubling up to one provider
 * request's worth. The first part then leaves for the provider while the rest is still being
 * decided and planned; in a process just started that planning runs interpreted, and a first part
 * of a full request's names kept PowerDNS idle for half a second of a 10,000-name first sync.
 * Not thread-safe: the sync thread's.
 */
final class PartSizes {
  /** Names in a sync's first part, when the provider's requests hold more. */
  static final int FIRST = 256;

  private final int most;
  private int next;

  /** Parts of {@link #FIRST} names, doubling to {@code most} (a provider request's names). */
  PartSizes(int most) {
    this(FIRST, most);
  }

  PartSizes(int first, int most) {
    if (first < 1 || most < 1) {
      throw new IllegalArgumentException("part sizes must be positive: " + first + ", " + most);
    }
    this.most = most;
    this.next = Math.min(first, most);
  }

  /** The next part's size; each is twice the one before, up to a request's names. */
  int next() {
    int size = next;
    next = (int) Math.min(most, 2L * next);
    return size;
  }
}
