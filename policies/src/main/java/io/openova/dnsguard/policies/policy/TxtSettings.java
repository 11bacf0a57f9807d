package io.openova.dnsguard.policies.policy;

import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import java.util.Objects;

/** The TXT registry settings, as external-dns's --txt-prefix/--txt-suffix/--txt-wildcard-replacement. */
public record TxtSettings(String prefix, String suffix, TxtFormat format, String wildcardReplacement) {

  public static final TxtSettings DEFAULT = new TxtSettings("", "", TxtFormat.NEW, "");

  public TxtSettings {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(wildcardReplacement, "wildcardReplacement");
    if (!prefix.isEmpty() && !suffix.isEmpty()) {
      throw new IllegalArgumentException("txtPrefix and txtSuffix are mutually exclusive");
    }
  }

  public TxtNameMapper mapper() {
    return new TxtNameMapper(prefix, suffix, wildcardReplacement);
  }
}
