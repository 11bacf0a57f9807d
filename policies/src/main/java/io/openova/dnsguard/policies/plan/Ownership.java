package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.policy.TxtSettings;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.util.Objects;

/**
 * Who we are in the TXT registry and how ownership records are named and written.
 *
 * @param ownerId external-dns's {@code --txt-owner-id}
 * @param names maps endpoint names to ownership record names; both formats are always read
 * @param writeFormat the format written for new ownership records
 * @param codec reads and writes the contents (plain or encrypted)
 */
public record Ownership(String ownerId, TxtNameMapper names, TxtFormat writeFormat, TxtRecordCodec codec) {

  public Ownership {
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(writeFormat, "writeFormat");
    Objects.requireNonNull(codec, "codec");
    if (ownerId.isBlank() || ownerId.contains(",") || ownerId.contains("=") || ownerId.contains("\"")) {
      throw new IllegalArgumentException("owner id must be non-empty without ',', '=' or '\"': \"" + ownerId + "\"");
    }
  }

  /** Plain (unencrypted) contents with the policy's TXT settings. */
  public static Ownership of(String ownerId, TxtSettings settings) {
    return new Ownership(ownerId, settings.mapper(), settings.format(), TxtRecordCodec.plain());
  }
}
