package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.registry.DecodedTxt;
import java.util.Objects;

/** An ownership TXT record found for a name: its record name and what it says (Owned or Malformed). */
public record TxtOwnership(String recordName, DecodedTxt decoded) {
  public TxtOwnership {
    Objects.requireNonNull(recordName, "recordName");
    if (decoded instanceof DecodedTxt.Foreign) {
      throw new IllegalArgumentException("a foreign TXT is not an ownership record");
    }
  }
}
