package io.openova.dnsguard.policies.registry;

/** Which ownership record name dnsguard writes; both are always read. */
public enum TxtFormat {
  /** {@code <prefix><type>-<first label><suffix>.<rest>}, written by external-dns since v0.18. */
  NEW,
  /** {@code <prefix><first label><suffix>.<rest>}, without the record type. */
  OLD
}
