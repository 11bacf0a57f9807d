package io.openova.dnsguard.policies.claim;

import java.util.ArrayList;
import java.util.List;

/** Splits annotation values as external-dns does: on commas, trimming, skipping empty elements. */
final class CommaList {
  private CommaList() {}

  static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String trimmed = part.strip();
      if (!trimmed.isEmpty()) {
        parts.add(trimmed);
      }
    }
    return parts;
  }
}
